package dev.postcard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.Postcard;
import dev.postcard.event.EventCodec;
import dev.postcard.tenant.ApiKey;
import dev.postcard.tenant.ApiKeys;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Set;

/** {@code /v1/api-keys}: the plaintext key is shown once, in the answer to its creation. */
final class ApiKeyRoutes {
    private static final Set<String> FIELDS = Set.of("name", "admin");

    private final Postcard postcard;
    private final Authenticator auth;
    private final RequestBodies bodies;

    ApiKeyRoutes(Postcard postcard, Authenticator auth, RequestBodies bodies) {
        this.postcard = postcard;
        this.auth = auth;
        this.bodies = bodies;
    }

    void register(Routes routes) {
        routes.path("/v1/api-keys").get(this::list).post(this::create).done();
        routes.path("/v1/api-keys/{id}").delete(this::revoke).done();
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        JsonNode body = bodies.json(req);
        if (!body.isObject()) {
            throw new InvalidInputException("", "the body must be a JSON object");
        }
        JsonFields.onlyKnown(body, FIELDS);
        boolean admin = JsonFields.optionalBoolean(body, "admin").orElse(false);
        if (admin && !caller.admin()) {
            throw HttpProblem.forbidden("only an admin key can create admin keys");
        }
        ApiKeys.CreatedKey created = postcard.keys().create(caller.tenantId(), JsonFields.requiredText(body, "name"), admin);
        ObjectNode node = render(created.key());
        node.put("key", created.plaintext());
        JsonResponses.send(res, 201, node);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        QueryParams q = new QueryParams(req);
        // A tenant's own key sees the tenant's keys; the admin keys (kept in the default tenant) only an admin.
        JsonResponses.send(res, 200, JsonResponses.page(
                postcard.keys().list(caller.tenantId(), caller.admin(), q.cursor(), q.limit(500)),
                ApiKeyRoutes::render));
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        postcard.keys().revoke(caller.tenantId(), PathIds.of(req, "id", "API key"), caller.admin());
        res.status(Status.NO_CONTENT_204).send();
    }

    static ObjectNode render(ApiKey key) {
        ObjectNode node = JsonResponses.object();
        node.put("id", key.id());
        node.put("name", key.name());
        node.put("prefix", key.keyPrefix());
        node.put("admin", key.admin());
        node.put("created_at", EventCodec.formatInstant(key.createdAt()));
        key.revokedAt().ifPresentOrElse(t -> node.put("revoked_at", EventCodec.formatInstant(t)),
                () -> node.putNull("revoked_at"));
        return node;
    }
}
