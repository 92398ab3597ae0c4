package dev.postcard.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Delivery attempts show on /metrics by result and outcome, with their latency; and the backlog. */
class DeliveryMetricsTest {

    @EachDatabase
    void deliveredAttemptsAreCountedWithTheirLatency(TestDatabase db) throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try (TestServer server = TestServer.start(TestServer.config(db.url()).toBuilder().allowPrivateNetworks(true).build())) {
            String key = server.tenantKey("acme");
            assertThat(server.post("/v1/webhooks", key, "{\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook\", \"events\": [\"*\"]}").statusCode()).isEqualTo(201);
            assertThat(server.post("/v1/events", key, "{\"type\": \"email.delivered\", \"data\": {}}").statusCode())
                    .isEqualTo(201);

            String metrics = "";
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline && !metrics.contains("postcard_webhook_attempts_seconds_count{result=\"delivered\"}")) {
                Thread.sleep(100);
                HttpResponse<String> scraped = server.get("/metrics");
                metrics = scraped.body();
            }
            assertThat(metrics).contains("postcard_webhook_attempts_seconds_count{result=\"delivered\"} 1",
                    "postcard_webhook_attempts_seconds_bucket{result=\"delivered\"",
                    "postcard_webhook_attempt_outcomes_total{outcome=\"success\",status_class=\"2xx\"} 1",
                    "postcard_deliveries_due ", "postcard_deliveries_oldest_due_seconds ");
            assertThat(metrics).doesNotContain("127.0.0.1", "wh_", "evt_", "tenant=");
        } finally {
            receiver.stop(0);
        }
    }

    @EachDatabase
    void failedAttemptsAreCountedByOutcomeAndStatusClass(TestDatabase db) throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        receiver.start();
        try (TestServer server = TestServer.start(TestServer.config(db.url()).toBuilder().allowPrivateNetworks(true).build())) {
            String key = server.tenantKey("acme");
            assertThat(server.post("/v1/webhooks", key, "{\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook\", \"events\": [\"*\"]}").statusCode()).isEqualTo(201);
            int closedPort;
            try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                closedPort = closed.getLocalPort(); // nothing listens there once closed: connections are refused
            }
            assertThat(server.post("/v1/webhooks", key, "{\"url\": \"http://127.0.0.1:" + closedPort
                    + "/hook\", \"events\": [\"*\"]}").statusCode()).isEqualTo(201);
            assertThat(server.post("/v1/events", key, "{\"type\": \"email.delivered\", \"data\": {}}").statusCode())
                    .isEqualTo(201);

            String rejected = "postcard_webhook_attempt_outcomes_total{outcome=\"failure\",status_class=\"5xx\"} 1";
            String refused = "postcard_webhook_attempt_outcomes_total{outcome=\"connection_error\",status_class=\"none\"} 1";
            String metrics = scrapeUntil(server, m -> m.contains(rejected) && m.contains(refused));
            assertThat(metrics).contains(rejected, refused);
        } finally {
            receiver.stop(0);
        }
    }

    /** With POSTCARD_METRICS_PER_TENANT the backlog gauges have one series per tenant. */
    @EachDatabase
    void theBacklogIsShownPerTenantWhenAskedFor(TestDatabase db) throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            arrived.countDown();
            try {
                answer.await(30, TimeUnit.SECONDS); // the delivery stays due while its attempt runs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try (TestServer server = TestServer.start(TestServer.config(db.url()).toBuilder().allowPrivateNetworks(true)
                .metricsPerTenant(true).build())) {
            String key = server.tenantKey("acme");
            assertThat(server.post("/v1/webhooks", key, "{\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook\", \"events\": [\"*\"]}").statusCode()).isEqualTo(201);
            assertThat(server.post("/v1/events", key, "{\"type\": \"email.delivered\", \"data\": {}}").statusCode())
                    .isEqualTo(201);
            assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
            server.clock().advance(Duration.ofSeconds(3));

            String metrics = server.get("/metrics").body();
            assertThat(metrics).contains("postcard_deliveries_due{tenant=\"acme\"} 1",
                    "postcard_deliveries_oldest_due_seconds{tenant=\"acme\"} 3");
            answer.countDown();
        } finally {
            answer.countDown();
            receiver.stop(0);
        }
    }

    private static String scrapeUntil(TestServer server, Predicate<String> done) throws InterruptedException {
        String metrics = "";
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && !done.test(metrics)) {
            Thread.sleep(100);
            metrics = server.get("/metrics").body();
        }
        return metrics;
    }
}
