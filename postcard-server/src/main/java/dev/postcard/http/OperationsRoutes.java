package dev.postcard.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.engine.BackgroundHealth;
import dev.postcard.event.EventCodec;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz} (the process answers), {@code /readyz} (the database answers and no background loop is
 * failing), {@code /metrics}.
 */
final class OperationsRoutes {
    private final BooleanSupplier databaseAnswers;
    private final BackgroundHealth background;
    private final HttpMetrics metrics;
    private final Optional<byte[]> metricsKey;

    OperationsRoutes(BooleanSupplier databaseAnswers, BackgroundHealth background, HttpMetrics metrics, Optional<String> metricsKey) {
        this.databaseAnswers = databaseAnswers;
        this.background = background;
        this.metrics = metrics;
        this.metricsKey = metricsKey.map(k -> k.getBytes(StandardCharsets.UTF_8));
    }

    void registerHealth(Routes routes) {
        routes.path("/healthz").get(this::health).head(this::health).done();
        routes.path("/readyz").get(this::ready).head(this::ready).done();
    }

    void registerMetrics(Routes routes) {
        routes.path("/metrics").get(this::metrics).done();
    }

    private void health(ServerRequest req, ServerResponse res) {
        JsonResponses.send(res, 200, JsonResponses.object().put("status", "ok"));
    }

    private void ready(ServerRequest req, ServerResponse res) {
        boolean up = databaseAnswers.getAsBoolean();
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
        if (metricsKey.isPresent()) {
            byte[] presented = req.headers().first(HeaderNames.AUTHORIZATION)
                    .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                    .map(h -> h.substring(7).strip().getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
            if (!MessageDigest.isEqual(presented, metricsKey.get())) { // constant time
                throw HttpProblem.unauthorized("send the metrics key (POSTCARD_METRICS_KEY) as 'Authorization: Bearer <key>'");
            }
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
