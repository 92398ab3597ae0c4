package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.server.ServerConfig;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import dev.postcard.verify.SignatureHeaders;
import dev.postcard.verify.WebhookSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Node receiver of docs/receivers.md (examples/receivers/node), run as users run it, against a running
 * Postcard: it verifies every real delivery, handles each event once however often it arrives, and refuses what
 * was not signed with its secret, which Postcard then records as a failed attempt.
 */
class NodeReceiverTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @BeforeEach
    void nodeAndThePackagesAreInstalled() {
        NodeReceiver.requireAvailable();
    }

    @EachDatabase
    void verifiesEveryDeliveryAndHandlesAReplayedEventOnlyOnce(TestDatabase db) throws Exception {
        try (TestServer server = startServer(db)) {
            // The receiver needs the secret Postcard generates, Postcard the receiver's address: the webhook is
            // created disabled, then pointed at the receiver and enabled.
            JsonNode webhook = Webhooks.create(server, ADMIN_KEY,
                    "{\"url\": \"" + Webhooks.URL + "\", \"events\": [\"email.*\"], \"enabled\": false}");
            String webhookId = webhook.get("id").asText();
            try (NodeReceiver receiver = NodeReceiver.start(webhook.get("secret").asText(), server.now())) {
                pointAt(server, webhookId, receiver);
                List<String> expected = new ArrayList<>();
                for (String type : List.of("email.delivered", "email.bounced", "email.opened")) {
                    expected.add(postEvent(server, type) + " " + type);
                }

                receiver.await(lines -> count(lines, "verified") == 3, "three verified deliveries");
                assertThat(receiver.linesStartingWith("verified")).containsExactlyInAnyOrderElementsOf(expected);
                awaitDeliveries(server, webhookId, all -> all.size() == 3
                        && all.stream().allMatch(d -> d.get("status").asText().equals("succeeded")),
                        "Postcard to record the three deliveries as succeeded");

                // A replay sends the same events again with the same webhook-id: answered, not handled twice.
                Instant now = server.now();
                String period = "\"since\": \"" + now.minusSeconds(3600) + "\", \"until\": \""
                        + now.plusSeconds(3600) + "\"";
                HttpResponse<String> replay = server.post("/v1/webhooks/" + webhookId + "/replay", ADMIN_KEY,
                        "{" + period + "}");
                assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
                assertThat(TestServer.json(replay).get("replayed").asInt()).isEqualTo(3);

                receiver.await(lines -> count(lines, "duplicate") == 3, "three duplicates");
                assertThat(receiver.linesStartingWith("duplicate")).containsExactlyInAnyOrderElementsOf(
                        expected.stream().map(line -> line.substring(0, line.indexOf(' '))).toList());
                awaitDeliveries(server, webhookId, all -> all.size() == 6
                        && all.stream().allMatch(d -> d.get("status").asText().equals("succeeded")),
                        "the replayed deliveries to succeed: a repeat is answered 2xx");
                assertThat(receiver.linesStartingWith("verified")).as("each event handled once").hasSize(3);
                assertThat(receiver.linesStartingWith("refused")).isEmpty();
            }
        }
    }

    @EachDatabase
    void refusesDeliveriesSignedWithAnotherSecretAndPostcardRecordsTheFailedAttempt(TestDatabase db)
            throws Exception {
        try (TestServer server = startServer(db);
                NodeReceiver receiver = NodeReceiver.start(newSecret(), server.now())) {
            String webhookId = Webhooks.create(server, ADMIN_KEY, "{\"url\": \"" + receiver.url()
                    + "\", \"events\": [\"email.*\"], \"secret\": \"" + newSecret() + "\"}").get("id").asText();
            postEvent(server, "email.delivered");

            receiver.await(lines -> count(lines, "refused") == 1, "the delivery to be refused");
            assertThat(receiver.linesStartingWith("refused")).containsExactly("No matching signature found");
            List<JsonNode> deliveries = awaitDeliveries(server, webhookId,
                    all -> all.size() == 1 && all.getFirst().get("attempts").asInt() == 1,
                    "Postcard to record the refused attempt");
            JsonNode delivery = deliveries.getFirst();
            assertThat(delivery.get("last_status_code").asInt()).isEqualTo(400);
            assertThat(delivery.get("status").asText()).as("tried again later, on the schedule").isEqualTo("pending");
            assertThat(receiver.linesStartingWith("verified")).isEmpty();
        }
    }

    @EachDatabase
    void aSecretWithoutThePrefixIsItsBytesAndKeepsVerifyingThroughARotation(TestDatabase db) throws Exception {
        // Postcard uses such a secret as its UTF-8 bytes; the library alone would base64-decode it.
        String plain = "chosen-by-the-operator-" + RANDOM.nextInt(1_000_000);
        try (TestServer server = startServer(db); NodeReceiver receiver = NodeReceiver.start(plain, server.now())) {
            String webhookId = Webhooks.create(server, ADMIN_KEY, "{\"url\": \"" + receiver.url()
                    + "\", \"events\": [\"email.*\"], \"secret\": \"" + plain + "\"}").get("id").asText();
            String before = postEvent(server, "email.sent");
            receiver.await(lines -> count(lines, "verified") == 1, "the delivery signed with the plain secret");

            // For a day after a rotation both secrets sign: the receiver still holding the old one goes on.
            HttpResponse<String> rotated = server.post("/v1/webhooks/" + webhookId + "/rotate-secret", ADMIN_KEY, "");
            assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
            String after = postEvent(server, "email.delivered");

            receiver.await(lines -> count(lines, "verified") == 2, "the delivery signed with both secrets");
            assertThat(receiver.linesStartingWith("verified"))
                    .containsExactly(before + " email.sent", after + " email.delivered");
            assertThat(receiver.linesStartingWith("refused")).isEmpty();
        }
    }

    @Test
    void refusesATamperedBodyAndTimestampsOutsideFiveMinutes() {
        Instant now = MovableClock.START;
        String secret = newSecret();
        WebhookSigner signer = WebhookSigner.of(secret);
        byte[] body = "{\"id\":\"evt_01JDQ4Z6M7X9K2P8R5T3V1W0YA\",\"type\":\"email.delivered\",\"data\":{}}"
                .getBytes(StandardCharsets.UTF_8);
        try (NodeReceiver receiver = NodeReceiver.start(secret, now)) {
            SignatureHeaders signed = signer.sign("evt_01JDQ4Z6M7X9K2P8R5T3V1W0YA", now, body);
            byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("delivered", "bounced")
                    .getBytes(StandardCharsets.UTF_8);

            assertThat(send(receiver, tampered, signed)).as("the body changed after signing").isEqualTo(400);
            assertThat(send(receiver, body, signer.sign("evt_old", now.minusSeconds(301), body)))
                    .as("signed 301 s ago").isEqualTo(400);
            assertThat(send(receiver, body, signer.sign("evt_new", now.plusSeconds(301), body)))
                    .as("signed 301 s ahead").isEqualTo(400);
            assertThat(send(receiver, body, signed)).as("the request as signed").isEqualTo(204);

            receiver.await(lines -> count(lines, "verified") == 1, "the untouched request to be verified");
            assertThat(receiver.linesStartingWith("refused")).containsExactly("No matching signature found",
                    "Message timestamp too old", "Message timestamp too new");
            assertThat(receiver.linesStartingWith("verified")).containsExactly(
                    "evt_01JDQ4Z6M7X9K2P8R5T3V1W0YA email.delivered");
        }
    }

    private static TestServer startServer(TestDatabase db) {
        // The receiver listens on http://127.0.0.1, which only an operator's allowance makes a valid endpoint.
        ServerConfig config = TestServer.config(db.url()).toBuilder().allowPrivateNetworks(true).build();
        return TestServer.start(config);
    }

    private static void pointAt(TestServer server, String webhookId, NodeReceiver receiver) {
        HttpResponse<String> patched = Webhooks.patch(server, "/v1/webhooks/" + webhookId, ADMIN_KEY,
                "{\"url\": \"" + receiver.url() + "\", \"enabled\": true}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    }

    /** Records an event through {@code POST /v1/events} and returns its id. */
    private static String postEvent(TestServer server, String type) {
        HttpResponse<String> created = server.post("/v1/events", ADMIN_KEY,
                "{\"type\": \"" + type + "\", \"data\": {\"to\": \"reader@example.com\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return TestServer.json(created).get("id").asText();
    }

    private static List<JsonNode> awaitDeliveries(TestServer server, String webhookId, Predicate<List<JsonNode>> done,
            String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<JsonNode> deliveries = new ArrayList<>();
            TestServer.json(server.get("/v1/webhooks/" + webhookId + "/deliveries", ADMIN_KEY)).get("data")
                    .forEach(deliveries::add);
            if (done.test(deliveries)) {
                return deliveries;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited for " + what + "; the deliveries are " + deliveries);
            }
            Thread.sleep(100);
        }
    }

    /** POSTs a request straight to the receiver, with these signature headers; returns the status. */
    private static int send(NodeReceiver receiver, byte[] body, SignatureHeaders signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(receiver.url()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signature.asMap().forEach(request::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long count(List<String> lines, String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix + " ")).count();
    }

    private static String newSecret() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
