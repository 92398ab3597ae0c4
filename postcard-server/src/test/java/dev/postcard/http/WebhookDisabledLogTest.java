package dev.postcard.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** When Postcard disables an endpoint it says so in the log: a warning with the webhook, the tenant and why. */
class WebhookDisabledLogTest {

    @EachDatabase
    void disablingAnEndpointLogsAWarningWithoutSecrets(TestDatabase db) throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(410, -1); // Gone: the receiver asks for the endpoint to be disabled
            exchange.close();
        });
        receiver.start();
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger worker = Logger.getLogger("dev.postcard.delivery.DeliveryWorker");
        worker.addHandler(handler);
        try (TestServer server = TestServer.start(TestServer.config(db.url()).toBuilder().allowPrivateNetworks(true).build())) {
            String key = server.tenantKey("acme");
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook?token=query-secret";
            com.fasterxml.jackson.databind.JsonNode created = TestServer.json(server.post("/v1/webhooks", key,
                    "{\"url\": \"" + url + "\", \"events\": [\"*\"]}"));
            String webhookId = created.get("id").asText();
            String secret = created.get("secret").asText();
            assertThat(server.post("/v1/events", key, "{\"type\": \"email.delivered\", \"data\": {}}").statusCode())
                    .isEqualTo(201);

            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline && disabled(records).isEmpty()) {
                Thread.sleep(50);
            }
            List<String> lines = disabled(records);
            assertThat(lines).hasSize(1);
            assertThat(lines.getFirst()).contains(webhookId, "acme", "410")
                    .doesNotContain(secret, "query-secret", "127.0.0.1");
            assertThat(records.stream().filter(r -> r.getLevel() == Level.WARNING)
                    .map(WebhookDisabledLogTest::text)).anyMatch(text -> text.contains("disabled"));
        } finally {
            worker.removeHandler(handler);
            receiver.stop(0);
        }
    }

    private static List<String> disabled(List<LogRecord> records) {
        return records.stream().map(WebhookDisabledLogTest::text).filter(text -> text.contains("disabled")).toList();
    }

    private static String text(LogRecord record) {
        return new java.util.logging.SimpleFormatter().formatMessage(record);
    }
}
