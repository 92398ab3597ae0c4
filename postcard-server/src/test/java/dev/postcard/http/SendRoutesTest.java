package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.event.EventCodec;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** {@code POST /v1/emails}, {@code DELETE /v1/emails/{id}} and the {@code send} of {@code GET /v1/emails/{id}}. */
class SendRoutesTest {
    static final String BOB = """
            {"from": "Ada <ada@example.com>", "to": "bob@example.org", "subject": "Hi", "text": "Hello"}""";

    static TestServer start(TestDatabase db, RelayDouble relay) {
        return TestServer.start(TestServer.config(db.url()), relay);
    }

    static String scheduled(TestServer server, Duration ahead) {
        return """
                {"from": "ada@example.com", "to": ["bob@example.org", "carol@example.org"], "subject": "Later",
                 "html": "<p>Hi</p>", "send_at": "%s"}""".formatted(server.now().plus(ahead));
    }

    static HttpResponse<String> post(TestServer server, String key, String idempotencyKey, String body) {
        return server.send(server.request("/v1/emails").header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @EachDatabase
    void aScheduledSendIsAcceptedAndShownUntilItsTime(TestDatabase db) {
        RelayDouble relay = new RelayDouble();
        try (TestServer server = start(db, relay)) {
            ApiContract contract = ApiContract.of(server, "");
            HttpResponse<String> accepted = server.post("/v1/emails", ADMIN_KEY, scheduled(server, Duration.ofHours(1)));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            contract.assertConforms(accepted);
            JsonNode answer = TestServer.json(accepted);
            assertThat(answer.get("data")).extracting(d -> d.get("to").asText(), d -> d.get("status").asText())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("bob@example.org", "scheduled"),
                            org.assertj.core.groups.Tuple.tuple("carol@example.org", "scheduled"));
            assertThat(Instant.parse(answer.get("send_at").asText())).isEqualTo(server.now().plus(Duration.ofHours(1)));

            String id = answer.at("/data/0/email_id").asText();
            HttpResponse<String> email = server.get("/v1/emails/" + id, ADMIN_KEY);
            assertThat(email.statusCode()).as(email.body()).isEqualTo(200);
            contract.assertConforms(email);
            JsonNode shown = TestServer.json(email);
            assertThat(shown.get("to").asText()).isEqualTo("bob@example.org");
            assertThat(shown.get("subject").asText()).isEqualTo("Later");
            assertThat(shown.at("/send/status").asText()).isEqualTo("scheduled");
            assertThat(shown.at("/send/attempts").asInt()).isZero();
            assertThat(relay.received()).isEmpty();
        }
    }

    @EachDatabase
    void aSendGoesOutAtOnceAndIsShownSent(TestDatabase db) throws InterruptedException {
        RelayDouble relay = new RelayDouble();
        try (TestServer server = start(db, relay)) {
            String id = TestServer.json(server.post("/v1/emails", ADMIN_KEY, BOB)).at("/data/0/email_id").asText();
            JsonNode shown = awaitStatus(server, id, "sent");
            assertThat(shown.at("/send/status").asText()).isEqualTo("sent");
            assertThat(shown.at("/send/transport").asText()).isEqualTo("relay-double");
            assertThat(shown.get("events")).extracting(e -> e.get("type").asText()).containsExactly("email.sent");
            assertThat(relay.received()).hasSize(1);

            HttpResponse<String> late = server.delete("/v1/emails/" + id, ADMIN_KEY);
            assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
        }
    }

    @EachDatabase
    void aWaitingCopyIsCanceledOnce(TestDatabase db) {
        RelayDouble relay = new RelayDouble();
        try (TestServer server = start(db, relay)) {
            ApiContract contract = ApiContract.of(server, "");
            String id = TestServer.json(server.post("/v1/emails", ADMIN_KEY, scheduled(server, Duration.ofHours(1))))
                    .at("/data/0/email_id").asText();

            HttpResponse<String> canceled = server.delete("/v1/emails/" + id, ADMIN_KEY);
            assertThat(canceled.statusCode()).as(canceled.body()).isEqualTo(200);
            contract.assertConforms(canceled);
            assertThat(TestServer.json(canceled).at("/send/status").asText()).isEqualTo("canceled");
            JsonNode shown = TestServer.json(server.get("/v1/emails/" + id, ADMIN_KEY));
            assertThat(shown.get("events")).extracting(e -> e.get("type").asText()).containsExactly("email.canceled");

            HttpResponse<String> again = server.delete("/v1/emails/" + id, ADMIN_KEY);
            assertThat(again.statusCode()).isEqualTo(409);
            contract.assertConforms(again);
            HttpResponse<String> unknown = server.delete("/v1/emails/msg_unknown", ADMIN_KEY);
            assertThat(unknown.statusCode()).isEqualTo(404);
            contract.assertConforms(unknown);
            String instrumented = InstrumentedEmail.create(server, ADMIN_KEY, "cy@example.com", "Hi").emailId();
            HttpResponse<String> notSent = server.delete("/v1/emails/" + instrumented, ADMIN_KEY);
            assertThat(notSent.statusCode()).as("an email Postcard did not send has nothing to cancel").isEqualTo(409);
        }
    }

    @EachDatabase
    void theSameIdempotencyKeyAnswersTheFirstAnswerAndAnotherBodyConflicts(TestDatabase db) {
        RelayDouble relay = new RelayDouble();
        try (TestServer server = start(db, relay)) {
            ApiContract contract = ApiContract.of(server, "");
            String body = scheduled(server, Duration.ofHours(1));
            HttpResponse<String> first = post(server, ADMIN_KEY, "order-7", body);
            HttpResponse<String> again = post(server, ADMIN_KEY, "order-7", body);
            assertThat(again.statusCode()).isEqualTo(202);
            contract.assertConforms(again);
            assertThat(TestServer.json(again)).isEqualTo(TestServer.json(first));
            assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
            assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();

            StoredState.assertUnchanged(server, ADMIN_KEY, () -> post(server, ADMIN_KEY, "order-7",
                    body.replace("Later", "Sooner")), conflict -> {
                assertThat(conflict.statusCode()).as(conflict.body()).isEqualTo(409);
                assertThat(TestServer.json(conflict).get("field").asText()).isEqualTo("Idempotency-Key");
                contract.assertConforms(conflict);
            });
            StoredState.assertUnchanged(server, ADMIN_KEY, () -> post(server, ADMIN_KEY, "k".repeat(256), body), bad -> {
                assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
                assertThat(TestServer.json(bad).get("field").asText()).isEqualTo("Idempotency-Key");
            });
        }
    }

    @EachDatabase
    void emailsOfOneTenantAreUnknownToAnother(TestDatabase db) {
        RelayDouble relay = new RelayDouble();
        try (TestServer server = start(db, relay)) {
            String other = server.tenantKey("other");
            String id = TestServer.json(server.post("/v1/emails", ADMIN_KEY, scheduled(server, Duration.ofHours(1))))
                    .at("/data/0/email_id").asText();

            assertThat(server.get("/v1/emails/" + id, other).statusCode()).isEqualTo(404);
            StoredState.assertUnchanged(server, other, () -> server.delete("/v1/emails/" + id, other),
                    answer -> assertThat(answer.statusCode()).isEqualTo(404));
            assertThat(TestServer.json(server.get("/v1/emails/" + id, ADMIN_KEY)).at("/send/status").asText())
                    .isEqualTo("scheduled");
        }
    }

    @EachDatabase
    void withoutATransportSendingAnswers503(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            ApiContract contract = ApiContract.of(server, "");
            StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.post("/v1/emails", ADMIN_KEY, BOB), answer -> {
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(TestServer.json(answer).get("detail").asText())
                        .isEqualTo("sending is not configured: set POSTCARD_SMTP_URL or POSTCARD_SEND_TRANSPORTS");
                contract.assertConforms(answer);
            });
        }
    }

    @EachDatabase
    void aTenantWhoseChosenTransportsAreAllGoneIsAnswered503NamingThem(TestDatabase db) {
        String key;
        try (TestServer before = relays(db, "us-relay")) {
            key = before.tenantKey("acme");
            HttpResponse<String> chosen = before.patch("/v1/tenants/acme", ADMIN_KEY, "{\"send_transports\": [\"us-relay\"]}");
            assertThat(chosen.statusCode()).as(chosen.body()).isEqualTo(200);
        }
        try (TestServer server = relays(db, "eu-relay")) {
            ApiContract contract = ApiContract.of(server, "");
            String acmeKey = key;
            StoredState.assertUnchanged(server, acmeKey, () -> server.post("/v1/emails", acmeKey, BOB), answer -> {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
                assertThat(TestServer.json(answer).get("detail").asText()).startsWith("sending is not configured")
                        .contains("send_transports (us-relay)");
                contract.assertConforms(answer);
            });
            HttpResponse<String> others = server.post("/v1/emails", ADMIN_KEY, scheduled(server, Duration.ofHours(1)));
            assertThat(others.statusCode()).as("a tenant without a choice").isEqualTo(202);
        }
    }

    /** A server whose one transport, named {@code name}, is never reached: the tests only accept sends. */
    private static TestServer relays(TestDatabase db, String name) {
        return TestServer.start(TestServer.config(db.url()).toBuilder()
                .sendTransports(java.util.List.of("smtp://127.0.0.1:1?starttls=optional&name=" + name)).build());
    }

    @EachDatabase
    void keysAndMethodsAreChecked(TestDatabase db) {
        RelayDouble relay = new RelayDouble();
        try (TestServer server = start(db, relay)) {
            StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.post("/v1/emails", "pck_wrong", BOB),
                    answer -> assertThat(answer.statusCode()).isEqualTo(401));
            StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.send(server.request("/v1/emails")
                    .header("Authorization", "Bearer " + ADMIN_KEY).GET().build()), answer -> {
                assertThat(answer.statusCode()).isEqualTo(405);
                assertThat(answer.headers().firstValue("Allow")).contains("POST");
            });
            StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.delete("/v1/emails/msg_x", "pck_wrong"),
                    answer -> assertThat(answer.statusCode()).isEqualTo(401));
            assertThat(relay.received()).isEmpty();
        }
    }

    /**
     * Polls until the message record is in {@code status}: the send worker runs on its own thread, and records the
     * event a moment after it stores the outcome.
     */
    static JsonNode awaitStatus(TestServer server, String id, String status) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        JsonNode shown;
        do {
            shown = TestServer.json(server.get("/v1/emails/" + id, ADMIN_KEY));
            if (status.equals(shown.get("status").asText())) {
                return shown;
            }
            Thread.sleep(20);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("email " + id + " is not " + status + ": " + EventCodec.writeJson(shown));
    }
}
