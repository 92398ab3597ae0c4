package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/** {@code POST /v1/events} refuses bad input with the right problem, never 500, and stores nothing. */
class EventInputProblemsTest {
    private static final int MIB = 1 << 20;

    @EachDatabase
    void malformedOrNonObjectBodiesAre400(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (String body : List.of("{\"type\": ", "", "   ", "\"just text\"", "42", "null", "true", "[]",
                    "{\"type\": \"email.sent\", \"data\": {}} {\"more\": 1}",
                    "{\"type\": \"email.sent\", \"type\": \"email.opened\", \"data\": {}}",
                    "{'type': 'email.sent', 'data': {}}", "[{\"type\": \"email.sent\", \"data\": {}},]")) {
                assertRejected(server, body, 400, null);
            }
        }
    }

    @EachDatabase
    void envelopeErrorsNameTheField(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            assertRejected(server, "{\"data\": {}}", 400, "type");
            assertRejected(server, "{\"type\": 7, \"data\": {}}", 400, "type");
            assertRejected(server, "{\"type\": \"email.sent\"}", 400, "data");
            assertRejected(server, "{\"type\": \"email.sent\", \"data\": null}", 400, "data");
            assertRejected(server, "{\"type\": \"email.sent\", \"data\": [1]}", 400, "data");
            assertRejected(server, "{\"type\": \"email.sent\", \"data\": \"x\"}", 400, "data");
            assertRejected(server, "{\"type\": \"email.sent\", \"data\": {\"nickname\": \"x\"}}", 400, "data.nickname");
            assertRejected(server, "{\"type\": \"email.sent\", \"data\": {}, \"extra\": 1}", 400, "extra");
            assertRejected(server, "{\"id\": \"has space\", \"type\": \"email.sent\", \"data\": {}}", 400, "id");
            for (String time : List.of("yesterday", "2026-11-22", "2026-11-22T10:30:05", "2026-13-01T00:00:00Z")) {
                assertRejected(server, "{\"type\": \"email.sent\", \"created_at\": \"" + time + "\", \"data\": {}}",
                        400, "created_at");
            }
            assertRejected(server, "{\"type\": \"email.bounced\", \"data\": {\"bounce_type\": \"sideways\"}}", 400,
                    "data.bounce_type");
            assertRejected(server, "{\"type\": \"email.bounced\", \"data\": {\"bounce_reason\": \"bored\"}}", 400,
                    "data.bounce_reason");
            assertRejected(server, "{\"type\": \"email.sent\", \"data\": {\"to\": \"not-an-address\"}}", 400, "data.to");
            assertRejected(server, "{\"type\": \"email.sent\", \"data\": {\"tags\": \"a\"}}", 400, "data.tags");
            assertRejected(server, "{\"type\": \"email.clicked\", \"data\": {\"url\": \"javascript:x\"}}", 400, "data.url");
            assertRejected(server, "{\"type\": \"email.opened\", \"data\": {\"machine\": \"no\"}}", 400, "data.machine");
        }
    }

    @EachDatabase
    void unknownOrOperationalTypeIs422(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (String type : List.of("email.teleported", "opened", "EMAIL.SENT", "api_key.created",
                    "suppression.created", "endpoint.disabled")) {
                assertRejected(server, "{\"type\": \"" + type + "\", \"data\": {}}", 422, "type");
            }
        }
    }

    @EachDatabase
    void textThatCannotBeStoredAsSentIs400(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            assertRejected(server, "{\"type\": \"email.sent\", \"data\": {\"email_id\": \"a\\u0000b\"}}", 400, "data.email_id");
            assertRejected(server, "{\"type\": \"email.sent\", \"data\": {\"to\": \"a\\u0000@example.com\"}}", 400, "data.to");
            assertRejected(server, "{\"type\": \"email.sent\", \"data\": {\"subject\": \"\\uD800\"}}", 400, "data.subject");
            assertRejected(server, "{\"type\": \"email.sent\", \"data\": {\"metadata\": {\"n\": 1e400}}}", 400,
                    "data.metadata.n");
            assertRejected(server, "[" + Events.envelope("evt_ok", "email.sent", "") + ", "
                    + Events.envelope("evt_nul", "email.sent", "\"email_id\": \"\\u0000\"") + "]", 400, "[1].data.email_id");
        }
    }

    @EachDatabase
    void timesOutsideTheStorableRangeAre400(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            assertRejected(server, "{\"type\": \"email.sent\", \"created_at\": \"+999999999-12-31T23:59:59Z\", \"data\": {}}",
                    400, "created_at");
            assertRejected(server, "{\"type\": \"email.sent\", \"created_at\": \"-999999999-01-01T00:00:00Z\", \"data\": {}}",
                    400, "created_at");
            assertRejected(server, "{\"type\": \"email.delivered\", \"data\": {\"delivered_at\": \"+999999999-12-31T23:59:59Z\"}}",
                    400, "data.delivered_at");
        }
    }

    @EachDatabase
    void nonJsonContentTypeIs415(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/xml")) {
                StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.send(server.request("/v1/events")
                        .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofString(Events.envelope("evt_415", "email.sent", ""))).build()),
                        r -> Problems.assertProblem(r, 415));
            }
            assertThat(server.send(server.request("/v1/events").header("Authorization", "Bearer " + ADMIN_KEY)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(Events.envelope("evt_ok", "email.sent", ""))).build())
                    .statusCode()).as("parameters of a JSON type are fine").isEqualTo(201);
        }
    }

    @EachDatabase
    void bodyOfExactlyTheLimitIsAcceptedAndOneByteMoreIs413(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String event = Events.envelope("evt_big", "email.sent", "");
            byte[] atLimit = (event + " ".repeat(MIB - event.length())).getBytes(StandardCharsets.UTF_8);
            byte[] overLimit = Arrays.copyOf(atLimit, MIB + 1);
            overLimit[MIB] = ' ';

            RawHttp.Answer over = StoredState.assertUnchanged(server, ADMIN_KEY, () -> RawHttp.send(server,
                    "POST /v1/events HTTP/1.1\r\nAuthorization: Bearer " + ADMIN_KEY
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + overLimit.length, overLimit),
                    answer -> assertThat(answer.status()).isEqualTo(413));
            assertThat(over.hasHeader("content-type", "application/problem+json")).as(over.headers()).isTrue();
            assertThat(over.body()).contains("\"status\":413");
            RawHttp.Answer declaredOnly = RawHttp.send(server, "POST /v1/events HTTP/1.1\r\nAuthorization: Bearer "
                    + ADMIN_KEY + "\r\nContent-Type: application/json\r\nContent-Length: 1000000000", new byte[0]);
            assertThat(declaredOnly.status()).as("answered before the body arrives").isEqualTo(413);

            HttpResponse<String> at = server.send(server.request("/v1/events").header("Authorization", "Bearer " + ADMIN_KEY)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(atLimit)).build());
            assertThat(at.statusCode()).as(at.body()).isEqualTo(201);
        }
    }

    @EachDatabase
    void chunkedBodyOverTheLimitIs413(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            byte[] start = "[".getBytes(StandardCharsets.US_ASCII);
            byte[] padding = " ".repeat(MIB + 10_000).getBytes(StandardCharsets.US_ASCII);

            StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.send(server.request("/v1/events")
                    .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                            new ByteArrayInputStream(start), new ByteArrayInputStream(padding)))).build()),
                    r -> Problems.assertProblem(r, 413));
        }
    }

    @EachDatabase
    void deeplyNestedJsonIs400(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            assertRejected(server, "[".repeat(10_000) + "]".repeat(10_000), 400, null);
            assertRejected(server, "{\"type\": \"email.sent\", \"data\": {\"metadata\": "
                    + "{\"a\": ".repeat(5_000) + "1" + "}".repeat(5_000) + "}}", 400, null);
        }
    }

    @EachDatabase
    void invalidUtf8Is400(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            // Overlong forms too: C0 AF and E0 80 AF spell "/" the long way, F0 80 80 AF longer still.
            for (byte[] bad : List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF},
                    new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82},
                    new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                    new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF})) {
                byte[] head = "{\"type\": \"email.sent\", \"data\": {\"subject\": \"".getBytes(StandardCharsets.UTF_8);
                byte[] tail = "\"}}".getBytes(StandardCharsets.UTF_8);
                byte[] body = new byte[head.length + bad.length + tail.length];
                System.arraycopy(head, 0, body, 0, head.length);
                System.arraycopy(bad, 0, body, head.length, bad.length);
                System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
                StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.send(server.request("/v1/events")
                        .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build()),
                        r -> Problems.assertProblem(r, 400));
            }
        }
    }

    @EachDatabase
    void batchOfMoreThanAThousandIs400AndAThousandIsAccepted(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            assertRejected(server, batch(1001), 400, null);

            HttpResponse<String> thousand = server.post("/v1/events", ADMIN_KEY, batch(1000));
            assertThat(thousand.statusCode()).isEqualTo(200);
            assertThat(TestServer.json(thousand).get("data")).hasSize(1000)
                    .allSatisfy(row -> assertThat(row.get("status").asText()).isEqualTo("created"));
        }
    }

    private static String batch(int size) {
        StringJoiner items = new StringJoiner(", ", "[", "]");
        for (int i = 0; i < size; i++) {
            items.add(Events.envelope("evt_batch_" + i, "email.sent", ""));
        }
        return items.toString();
    }

    private static void assertRejected(TestServer server, String body, int status, String field) {
        StoredState.assertUnchanged(server, ADMIN_KEY, () -> server.post("/v1/events", ADMIN_KEY, body), response -> {
            if (field == null) {
                Problems.assertProblem(response, status);
            } else {
                Problems.assertProblem(response, status, field);
            }
        });
    }
}
