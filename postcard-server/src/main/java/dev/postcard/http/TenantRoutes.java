package dev.postcard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.Postcard;
import dev.postcard.UnprocessableException;
import dev.postcard.event.EventCodec;
import dev.postcard.tenant.Tenant;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code /v1/tenants}: admin keys only; a tenant's {@code send_transports} is set with {@code PATCH}. */
final class TenantRoutes {
    private static final Set<String> FIELDS = Set.of("id", "name");
    private static final String SEND_TRANSPORTS = "send_transports";

    private final Postcard postcard;
    private final Authenticator auth;
    private final RequestBodies bodies;

    TenantRoutes(Postcard postcard, Authenticator auth, RequestBodies bodies) {
        this.postcard = postcard;
        this.auth = auth;
        this.bodies = bodies;
    }

    void register(Routes routes) {
        routes.path("/v1/tenants").get(this::list).post(this::create).done();
        routes.path("/v1/tenants/{id}").get(this::read).patch(this::update).done();
    }

    private void read(ServerRequest req, ServerResponse res) {
        auth.authenticateAdmin(req);
        String id = PathIds.of(req, "id", "tenant");
        JsonResponses.send(res, 200, render(postcard.tenants().find(id)
                .orElseThrow(() -> new NotFoundException("no tenant '" + id + "'"))));
    }

    private void create(ServerRequest req, ServerResponse res) {
        auth.authenticateAdmin(req);
        JsonNode body = bodies.json(req);
        if (!body.isObject()) {
            throw new InvalidInputException("", "the body must be a JSON object");
        }
        JsonFields.onlyKnown(body, FIELDS);
        Tenant tenant = postcard.tenants().create(JsonFields.requiredText(body, "id"), JsonFields.requiredText(body, "name"));
        JsonResponses.send(res, 201, render(tenant));
    }

    /** Sets the tenant's {@code send_transports}; a body without it changes nothing. */
    private void update(ServerRequest req, ServerResponse res) {
        auth.authenticateAdmin(req);
        String id = PathIds.of(req, "id", "tenant");
        JsonNode body = bodies.json(req);
        if (!body.isObject()) {
            throw new InvalidInputException("", "the body must be a JSON object");
        }
        JsonFields.onlyKnown(body, Set.of(SEND_TRANSPORTS));
        Tenant tenant = body.has(SEND_TRANSPORTS)
                ? postcard.tenants().chooseSendTransports(id, transportNames(body.get(SEND_TRANSPORTS)),
                        postcard.sending().transportNames())
                : postcard.tenants().find(id).orElseThrow(() -> new NotFoundException("no tenant '" + id + "'"));
        JsonResponses.send(res, 200, render(tenant));
    }

    /** An array of names, or null for every configured transport; which names are taken is the engine's rule. */
    private static Optional<List<String>> transportNames(JsonNode value) {
        if (value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw new UnprocessableException(SEND_TRANSPORTS, SEND_TRANSPORTS
                    + " must be an array of transport names, or null for every configured transport");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                String field = SEND_TRANSPORTS + "[" + i + "]";
                throw new UnprocessableException(field, field + " must be a string, the name of a transport");
            }
            names.add(value.get(i).asText());
        }
        return Optional.of(names);
    }

    private void list(ServerRequest req, ServerResponse res) {
        auth.authenticateAdmin(req);
        QueryParams q = new QueryParams(req);
        JsonResponses.send(res, 200, JsonResponses.page(
                postcard.tenants().list(q.cursor(), q.limit(500)), TenantRoutes::render));
    }

    static ObjectNode render(Tenant tenant) {
        ObjectNode node = JsonResponses.object();
        node.put("id", tenant.id());
        node.put("name", tenant.name());
        node.put("created_at", EventCodec.formatInstant(tenant.createdAt()));
        tenant.sendTransports().ifPresentOrElse(names -> {
            ArrayNode array = node.putArray(SEND_TRANSPORTS);
            names.forEach(array::add);
        }, () -> node.putNull(SEND_TRANSPORTS));
        return node;
    }
}
