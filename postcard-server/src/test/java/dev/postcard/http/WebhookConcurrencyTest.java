package dev.postcard.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * An endpoint's concurrency follows its answers, as {@code GET /v1/webhooks/{id}} shows: a receiver that answers
 * 503 brings the limit down to 1, and once it answers 2xx again the limit rises.
 */
class WebhookConcurrencyTest {
    private static final int EVENTS = 8;

    @EachDatabase
    void theLimitFallsOn503AndRisesOn2xx(TestDatabase db) throws Exception {
        AtomicInteger status = new AtomicInteger(503);
        AtomicInteger received = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.incrementAndGet();
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        receiver.start();
        try (TestServer server = TestServer.start(TestServer.config(db.url()).toBuilder().allowPrivateNetworks(true).build())) {
            String key = server.tenantKey("acme");
            String webhookId = TestServer.json(server.post("/v1/webhooks", key, "{\"url\": \"http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hook\", \"events\": [\"*\"]}")).get("id").asText();
            JsonNode before = concurrency(server, key, webhookId);
            assertThat(before.get("limit").asInt()).as("the starting limit").isEqualTo(4);
            assertThat(before.get("in_flight").asInt()).isZero();

            for (int i = 0; i < EVENTS; i++) {
                assertThat(server.post("/v1/events", key, "{\"type\": \"email.delivered\", \"data\": {}}").statusCode())
                        .isEqualTo(201);
            }
            // The clock stands still: each delivery is tried once, its retry due only when the test moves it.
            waitUntil(() -> received.get() >= EVENTS && concurrency(server, key, webhookId).get("in_flight").asInt() == 0);
            assertThat(concurrency(server, key, webhookId).get("limit").asInt()).as("after %d answers of 503", EVENTS)
                    .isEqualTo(1);

            status.set(204);
            server.clock().advance(Duration.ofMinutes(1)); // past the first retry (5 s, give or take 20 %)
            waitUntil(() -> received.get() >= 2 * EVENTS && concurrency(server, key, webhookId).get("in_flight").asInt() == 0);
            assertThat(concurrency(server, key, webhookId).get("limit").asInt()).as("after %d answers of 204", EVENTS)
                    .isGreaterThan(1);
        } finally {
            receiver.stop(0);
        }
    }

    private static JsonNode concurrency(TestServer server, String key, String webhookId) {
        return TestServer.json(server.get("/v1/webhooks/" + webhookId, key)).get("concurrency");
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
