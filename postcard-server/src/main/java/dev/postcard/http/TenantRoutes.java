package dev.postcard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.Postcard;
import dev.postcard.event.EventCodec;
import dev.postcard.tenant.Tenant;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Set;

/** {@code /v1/tenants}: admin keys only. */
final class TenantRoutes {
    private static final Set<String> FIELDS = Set.of("id", "name");

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
        routes.path("/v1/tenants/{id}").get(this::read).done();
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
        return node;
    }
}
