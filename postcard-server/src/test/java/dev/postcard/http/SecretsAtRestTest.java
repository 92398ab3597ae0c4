package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.postcard.secrets.SecretsKey;
import dev.postcard.secrets.SecretsKeys;
import dev.postcard.server.ServerConfig;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import dev.postcard.verify.WebhookVerifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server given POSTCARD_SECRETS_KEY: the API shows a webhook's secret on creation and rotation only, the database
 * holds it encrypted, and deliveries are signed with it all the same; a source's settings are encrypted too and
 * still verify the provider's requests.
 */
class SecretsAtRestTest {
    private static final SecretsKey KEY = SecretsKey.generate();

    private record Received(byte[] body, Map<String, List<String>> headers) {
    }

    @EachDatabase
    void aWebhookCreatedWithAKeyIsStoredEncryptedAndDeliversSignedWithItsSecret(TestDatabase db) throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = receiver(received);
        ServerConfig config = TestServer.config(db.url()).toBuilder().allowPrivateNetworks(true)
                .secretsKeys(SecretsKeys.of(KEY)).build();
        try (TestServer server = TestServer.start(config)) {
            JsonNode created = Webhooks.create(server, ADMIN_KEY, "{\"url\": \"http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hook\", \"events\": [\"email.delivered\"]}");
            String id = created.path("id").asText();
            String secret = created.path("secret").asText();
            assertThat(secret).startsWith("whsec_");
            assertThat(server.get("/v1/webhooks/" + id, ADMIN_KEY).body()).doesNotContain("secret");
            assertThat(server.get("/v1/webhooks", ADMIN_KEY).body()).doesNotContain("secret");
            assertThat(stored(db, "SELECT secret FROM webhooks WHERE id = ?", id))
                    .startsWith("pcenc:v1:" + KEY.id() + ":").doesNotContain(secret.substring("whsec_".length()));

            postDelivered(server);
            awaitDeliveries(received, 1);
            assertThatCode(() -> verifier(secret, server).verify(received.getFirst().body(),
                    received.getFirst().headers())).doesNotThrowAnyException();

            HttpResponse<String> rotation = server.post("/v1/webhooks/" + id + "/rotate-secret", ADMIN_KEY, "");
            assertThat(rotation.statusCode()).as(rotation.body()).isEqualTo(200);
            String rotated = TestServer.json(rotation).path("secret").asText();
            assertThat(rotated).startsWith("whsec_").isNotEqualTo(secret);
            assertThat(server.get("/v1/webhooks/" + id, ADMIN_KEY).body()).doesNotContain("secret");
            assertThat(stored(db, "SELECT previous_secret FROM webhooks WHERE id = ?", id))
                    .startsWith("pcenc:v1:" + KEY.id() + ":");

            postDelivered(server);
            awaitDeliveries(received, 2);
            Received afterRotation = received.get(1);
            for (String signer : List.of(rotated, secret)) {
                assertThatCode(() -> verifier(signer, server).verify(afterRotation.body(), afterRotation.headers()))
                        .as("during the rotation both secrets sign").doesNotThrowAnyException();
            }
        } finally {
            receiver.stop(0);
        }
    }

    @EachDatabase
    void aSourceCreatedWithAKeyIsStoredEncryptedAndStillVerifiesItsProvider(TestDatabase db) throws Exception {
        String signingKey = "key-very-secret-0123456789";
        ServerConfig config = TestServer.config(db.url()).toBuilder().secretsKeys(SecretsKeys.of(KEY)).build();
        try (TestServer server = TestServer.start(config)) {
            HttpResponse<String> created = server.post("/v1/sources", ADMIN_KEY,
                    "{\"provider\": \"mailgun\", \"signing_key\": \"" + signingKey + "\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = TestServer.json(created).path("id").asText();
            assertThat(stored(db, "SELECT settings FROM sources WHERE id = ?", id))
                    .startsWith("pcenc:v1:" + KEY.id() + ":").doesNotContain(signingKey);

            HttpResponse<String> signed = server.send(server.request("/track/webhook/mailgun/" + id)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ProviderPayloads.mailgunDelivered(signingKey, server.now())))
                    .build());
            assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
            HttpResponse<String> forged = server.send(server.request("/track/webhook/mailgun/" + id)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ProviderPayloads.mailgunDelivered("key-another-0123456789",
                            server.now()))).build());
            assertThat(forged.statusCode()).as(forged.body()).isEqualTo(401);
        }
    }

    private static void postDelivered(TestServer server) {
        HttpResponse<String> posted = server.post("/v1/events", ADMIN_KEY,
                "{\"type\": \"email.delivered\", \"data\": {\"to\": \"user@example.com\"}}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    }

    private static WebhookVerifier verifier(String secret, TestServer server) {
        return WebhookVerifier.of(secret).withClock(server.clock());
    }

    private static HttpServer receiver(List<Received> received) throws IOException {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new Received(exchange.getRequestBody().readAllBytes(), Map.copyOf(exchange.getRequestHeaders())));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        return receiver;
    }

    /** Waits for the delivery worker; fails when it has not delivered {@code count} in a generous while. */
    private static void awaitDeliveries(List<Received> received, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (received.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the receiver got " + received.size() + " deliveries, not " + count);
            }
            Thread.sleep(20);
        }
    }

    private static String stored(TestDatabase db, String sql, String id) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db.url());
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).as("a row for %s", id).isTrue();
                return rows.getString(1);
            }
        }
    }
}
