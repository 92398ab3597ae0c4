package dev.postcard.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.engine.BackgroundHealth;
import dev.postcard.event.EventCodec;
import dev.postcard.storage.Store;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /healthz} (the process answers), {@code /readyz} (the database answers and no background loop is
 * failing), {@code /metrics}.
 */
final class OperationsRoutes {
    private final Store store;
    private final BackgroundHealth background;
    private final HttpMetrics metrics;

    OperationsRoutes(Store store, BackgroundHealth background, HttpMetrics metrics) {
        this.store = store;
        this.background = background;
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
        List<BackgroundHealth.Failure> failing = background.failing();
        boolean ready = up && failing.isEmpty();
        ObjectNode body = JsonResponses.object()
                .put("status", ready ? "ready" : "unavailable")
                .put("database", up ? "up" : "down");
        ArrayNode loops = body.putArray("failing");
        for (BackgroundHealth.Failure failure : failing) {
            loops.addObject().put("loop", failure.loop()).put("since", EventCodec.formatInstant(failure.since()))
                    .put("error", failure.error());
        }
        JsonResponses.send(res, ready ? 200 : 503, body);
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
