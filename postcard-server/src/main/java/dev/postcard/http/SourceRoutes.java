package dev.postcard.http;

import dev.postcard.NotFoundException;
import dev.postcard.Postcard;
import dev.postcard.providers.Sources;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /v1/sources}: where each provider's webhooks come in, and how they are verified. */
final class SourceRoutes {
    private final Sources sources;
    private final Authenticator auth;
    private final RequestBodies bodies;

    SourceRoutes(Postcard postcard, Authenticator auth, RequestBodies bodies) {
        this.sources = postcard.sources();
        this.auth = auth;
        this.bodies = bodies;
    }

    void register(Routes routes) {
        routes.path("/v1/sources").get(this::list).post(this::create).done();
        routes.path("/v1/sources/{id}").get(this::read).delete(this::delete).done();
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        JsonResponses.send(res, 201, sources.describe(sources.create(caller.tenantId(), bodies.json(req))));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        QueryParams q = new QueryParams(req);
        JsonResponses.send(res, 200, JsonResponses.page(
                sources.list(caller.tenantId(), q.cursor(), q.limit(500)), sources::describe));
    }

    private void read(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        String id = PathIds.of(req, "id", "source");
        JsonResponses.send(res, 200, sources.describe(sources.find(caller.tenantId(), id)
                .orElseThrow(() -> new NotFoundException("no source " + id))));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        sources.delete(caller.tenantId(), PathIds.of(req, "id", "source"));
        res.status(Status.NO_CONTENT_204).send();
    }
}
