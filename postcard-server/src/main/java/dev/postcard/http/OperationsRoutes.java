package dev.postcard.http;

import dev.postcard.storage.Store;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;

/** {@code /healthz} (the process answers), {@code /readyz} (the database answers), {@code /metrics}. */
final class OperationsRoutes {
    private final Store store;
    private final HttpMetrics metrics;

    OperationsRoutes(Store store, HttpMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    void register(Routes routes) {
        routes.path("/healthz").get(this::health).head(this::health).done();
        routes.path("/readyz").get(this::ready).head(this::ready).done();
        routes.path("/metrics").get(this::metrics).done();
    }

    private void health(ServerRequest req, ServerResponse res) {
        JsonResponses.send(res, 200, JsonResponses.object().put("status", "ok"));
    }

    private void ready(ServerRequest req, ServerResponse res) {
        boolean up = store.ping();
        JsonResponses.send(res, up ? 200 : 503, JsonResponses.object()
                .put("status", up ? "ready" : "unavailable")
                .put("database", up ? "up" : "down"));
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
