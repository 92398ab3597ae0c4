package dev.postcard.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;

/** Delivery attempts show on /metrics by result, with their latency. */
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
                    "postcard_webhook_attempts_seconds_bucket{result=\"delivered\"");
        } finally {
            receiver.stop(0);
        }
    }
}
