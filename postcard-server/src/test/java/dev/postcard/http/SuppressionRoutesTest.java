package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** {@code GET|POST /v1/suppressions}, {@code GET|DELETE /v1/suppressions/{address}}. */
class SuppressionRoutesTest {

    @EachDatabase
    void bouncesRecordedThroughTheApiSuppressTheirRecipient(TestDatabase db) throws InterruptedException {
        try (TestServer server = TestServer.start(db.url())) {
            String bounce = Events.envelope("evt_hard_1", "email.bounced",
                    "\"to\": \"User+Tag@Example.com\", \"bounce_type\": \"hard\"");
            assertThat(server.post("/v1/events", ADMIN_KEY, bounce).statusCode()).isEqualTo(201);

            HttpResponse<String> read = server.get("/v1/suppressions/USER%2BTAG%40example.com", ADMIN_KEY);
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            JsonNode entry = TestServer.json(read);
            assertThat(entry.get("address").asText()).isEqualTo("user+tag@example.com");
            assertThat(entry.get("reason").asText()).isEqualTo("hard_bounce");
            assertThat(entry.get("source_event_id").asText()).isEqualTo("evt_hard_1");
            assertThat(entry.get("expires_at").isNull()).isTrue();
            assertThat(entry.properties()).extracting(e -> e.getKey()).containsExactlyInAnyOrder(
                    "address", "reason", "note", "source_event_id", "created_at", "expires_at");
            assertThat(server.get("/v1/suppressions/user+tag@example.com", ADMIN_KEY).statusCode())
                    .as("an unencoded path reads the same address").isEqualTo(200);

            JsonNode list = TestServer.json(server.get("/v1/suppressions?reason=hard_bounce", ADMIN_KEY));
            assertThat(list.get("data")).extracting(e -> e.get("address").asText()).containsExactly("user+tag@example.com");
            assertThat(list.get("next_cursor").isNull()).isTrue();
            assertThat(TestServer.json(server.get("/v1/suppressions?reason=complaint", ADMIN_KEY)).get("data")).isEmpty();

            List<JsonNode> created = Events.awaitList(server, ADMIN_KEY, "type=suppression.created");
            assertThat(created).hasSize(1);
            assertThat(created.getFirst().at("/data/address").asText()).isEqualTo("user+tag@example.com");
            assertThat(created.getFirst().at("/data/source_event_id").asText()).isEqualTo("evt_hard_1");
        }
    }

    @EachDatabase
    void manualEntriesAreAddedReadAndRemoved(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String expires = server.now().plus(Duration.ofDays(30)).toString();
            HttpResponse<String> added = server.post("/v1/suppressions", ADMIN_KEY,
                    "{\"address\": \"Ops@Example.com\", \"note\": \"asked by phone\", \"expires_at\": \"" + expires + "\"}");
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            JsonNode entry = TestServer.json(added);
            assertThat(entry.get("address").asText()).isEqualTo("ops@example.com");
            assertThat(entry.get("reason").asText()).isEqualTo("manual");
            assertThat(entry.get("note").asText()).isEqualTo("asked by phone");
            assertThat(Instant.parse(entry.get("expires_at").asText())).isEqualTo(Instant.parse(expires).truncatedTo(
                    java.time.temporal.ChronoUnit.MILLIS));
            assertThat(entry.get("source_event_id").isNull()).isTrue();

            HttpResponse<String> again = server.post("/v1/suppressions", ADMIN_KEY,
                    "{\"address\": \"ops@example.com\", \"reason\": \"complaint\"}");
            assertThat(again.statusCode()).as("already suppressed: the entry as it is").isEqualTo(200);
            assertThat(TestServer.json(again).get("reason").asText()).isEqualTo("manual");

            assertThat(server.get("/v1/suppressions/ops@example.com", ADMIN_KEY).statusCode()).isEqualTo(200);
            assertThat(server.delete("/v1/suppressions/OPS%40example.com", ADMIN_KEY).statusCode()).isEqualTo(204);
            Problems.assertProblem(server.get("/v1/suppressions/ops@example.com", ADMIN_KEY), 404);
            Problems.assertProblem(server.delete("/v1/suppressions/ops@example.com", ADMIN_KEY), 404);

            assertThat(Events.list(server, ADMIN_KEY, "type=suppression.created"))
                    .extracting(e -> e.at("/data/address").asText()).containsExactly("ops@example.com");
            List<JsonNode> deleted = Events.list(server, ADMIN_KEY, "type=suppression.deleted");
            assertThat(deleted).extracting(e -> e.at("/data/reason").asText()).containsExactly("manual");
            assertThat(deleted.getFirst().get("data").has("to")).isFalse();
        }
    }

    @EachDatabase
    void csvIsImportedAndExported(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String csv = "address,reason,note\nb@example.com,complaint,\"x, y\"\na@example.com,,\nbroken\n";
            HttpResponse<String> imported = postCsv(server, ADMIN_KEY, csv);
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
            JsonNode result = TestServer.json(imported);
            assertThat(result.get("imported").asInt()).isEqualTo(2);
            assertThat(result.get("updated").asInt()).isZero();
            assertThat(result.get("rejected")).hasSize(1);
            assertThat(result.at("/rejected/0/line").asInt()).isEqualTo(4);
            assertThat(result.at("/rejected/0/error").asText()).contains("address");

            for (HttpResponse<String> export : List.of(
                    server.send(server.request("/v1/suppressions").header("Authorization", "Bearer " + ADMIN_KEY)
                            .header("Accept", "text/csv").GET().build()),
                    server.get("/v1/suppressions?format=csv", ADMIN_KEY))) {
                assertThat(export.statusCode()).isEqualTo(200);
                assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
                List<String> lines = export.body().lines().toList();
                assertThat(lines.getFirst()).isEqualTo("address,reason,created_at,expires_at,source_event_id,note");
                assertThat(lines).hasSize(3);
                assertThat(lines.get(1)).startsWith("a@example.com,manual,").endsWith(",,,");
                assertThat(lines.get(2)).startsWith("b@example.com,complaint,").endsWith(",,\"x, y\"");
            }
        }
    }

    @EachDatabase
    void anImportLargerThanTheBodyLimitIsStreamed(TestDatabase db) {
        try (TestServer server = TestServer.start(TestServer.config(db.url()).withMaxBody(16 * 1024))) {
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < 3000; i++) {
                csv.append("user").append(i).append("@example.com\n");
            }
            assertThat(csv.length()).isGreaterThan(16 * 1024);
            HttpResponse<String> imported = postCsv(server, ADMIN_KEY, csv.toString());
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
            assertThat(TestServer.json(imported).get("imported").asInt()).isEqualTo(3000);
            Problems.assertProblem(server.post("/v1/suppressions", ADMIN_KEY,
                    "{\"address\": \"" + "a".repeat(20_000) + "@example.com\"}"), 413);
        }
    }

    @EachDatabase
    void tenantsSeeOnlyTheirOwnList(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String keyA = server.tenantKey("tenant-a");
            String keyB = server.tenantKey("tenant-b");
            assertThat(server.post("/v1/suppressions", keyA, "{\"address\": \"a@example.com\"}").statusCode()).isEqualTo(201);

            Problems.assertProblem(server.get("/v1/suppressions/a@example.com", keyB), 404);
            Problems.assertProblem(server.delete("/v1/suppressions/a@example.com", keyB), 404);
            assertThat(TestServer.json(server.get("/v1/suppressions", keyB)).get("data")).isEmpty();
            assertThat(server.get("/v1/suppressions?format=csv", keyB).body().lines()).hasSize(1);
            assertThat(server.get("/v1/suppressions/a@example.com", keyA).statusCode()).isEqualTo(200);
        }
    }

    @EachDatabase
    void listsArePaged(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (int i = 0; i < 5; i++) {
                server.post("/v1/suppressions", ADMIN_KEY, "{\"address\": \"p" + i + "@example.com\"}");
            }
            List<String> seen = new ArrayList<>();
            String path = "/v1/suppressions?limit=2";
            for (int page = 0; page < 10 && path != null; page++) {
                JsonNode body = TestServer.json(server.get(path, ADMIN_KEY));
                body.get("data").forEach(e -> seen.add(e.get("address").asText()));
                path = body.get("next_cursor").isNull() ? null : "/v1/suppressions?limit=2&cursor=" + body.get("next_cursor").asText();
            }
            assertThat(seen).hasSize(5).doesNotHaveDuplicates();
        }
    }

    @EachDatabase
    void badInputIsRefusedNamingTheFieldAndChangesNothing(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            server.post("/v1/suppressions", ADMIN_KEY, "{\"address\": \"kept@example.com\"}");
            String past = server.now().minus(Duration.ofDays(1)).toString();
            List<Object[]> posts = List.of(
                    new Object[] {"{}", 400, "address"},
                    new Object[] {"{\"address\": \"not an address\"}", 400, "address"},
                    new Object[] {"{\"address\": 5}", 400, "address"},
                    new Object[] {"{\"address\": \"a@example.com\", \"reason\": \"angry\"}", 422, "reason"},
                    new Object[] {"{\"address\": \"a@example.com\", \"reason\": 3}", 400, "reason"},
                    new Object[] {"{\"address\": \"a@example.com\", \"note\": 5}", 400, "note"},
                    new Object[] {"{\"address\": \"a@example.com\", \"note\": \"two\\nlines\"}", 400, "note"},
                    new Object[] {"{\"address\": \"a@example.com\", \"expires_at\": \"tomorrow\"}", 400, "expires_at"},
                    new Object[] {"{\"address\": \"a@example.com\", \"expires_at\": \"" + past + "\"}", 400, "expires_at"},
                    new Object[] {"{\"address\": \"a@example.com\", \"expires_at\": \"+999999999-12-31T00:00:00Z\"}", 400, "expires_at"},
                    new Object[] {"{\"address\": \"a@example.com\", \"colour\": \"red\"}", 400, "colour"},
                    new Object[] {"[]", 400, ""},
                    new Object[] {"{\"address\": ", 400, ""});
            for (Object[] post : posts) {
                unchanged(server, () -> server.post("/v1/suppressions", ADMIN_KEY, (String) post[0]),
                        r -> assertProblem(r, (Integer) post[1], (String) post[2]));
            }
            unchanged(server, () -> server.send(server.request("/v1/suppressions")
                    .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("a@example.com")).build()), r -> Problems.assertProblem(r, 415));
            unchanged(server, () -> postCsv(server, ADMIN_KEY, "address,colour\na@example.com,red\n"),
                    r -> Problems.assertProblem(r, 400, "csv"));
            unchanged(server, () -> server.send(server.request("/v1/suppressions")
                    .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'a', (byte) 0xC3, '@', 'b', '\n'})).build()),
                    r -> Problems.assertProblem(r, 400));

            for (String query : List.of("reason=nope", "limit=0", "limit=501", "cursor=garbage", "format=xml")) {
                HttpResponse<String> r = server.get("/v1/suppressions?" + query, ADMIN_KEY);
                String field = query.substring(0, query.indexOf('='));
                Problems.assertProblem(r, field.equals("reason") ? 422 : 400, field);
            }
            for (String address : List.of("not-an-address", "a%00b@example.com", "%20", "a@b@c")) {
                unchanged(server, () -> server.get("/v1/suppressions/" + address, ADMIN_KEY),
                        r -> Problems.assertProblem(r, 400, "address"));
                unchanged(server, () -> server.delete("/v1/suppressions/" + address, ADMIN_KEY),
                        r -> Problems.assertProblem(r, 400, "address"));
            }
            Problems.assertProblem(server.get("/v1/suppressions"), 401);
            Problems.assertProblem(server.post("/v1/suppressions", "pck_wrong_key_000000000000", "{}"), 401);
            Problems.assertProblem(server.send(server.request("/v1/suppressions/a@example.com")
                    .header("Authorization", "Bearer " + ADMIN_KEY).PUT(HttpRequest.BodyPublishers.noBody()).build()), 405);
            assertThat(server.get("/v1/suppressions/kept@example.com", ADMIN_KEY).statusCode()).isEqualTo(200);
        }
    }

    private static void assertProblem(HttpResponse<String> response, int status, String field) {
        if (field.isEmpty()) {
            Problems.assertProblem(response, status);
        } else {
            Problems.assertProblem(response, status, field);
        }
    }

    /** As {@link StoredState#assertUnchanged}, and the suppression list is unchanged too. */
    private static <T> void unchanged(TestServer server, Supplier<T> rejected, java.util.function.Consumer<T> check) {
        String before = server.get("/v1/suppressions?format=csv", ADMIN_KEY).body();
        StoredState.assertUnchanged(server, ADMIN_KEY, rejected, check);
        assertThat(server.get("/v1/suppressions?format=csv", ADMIN_KEY).body()).isEqualTo(before);
    }

    static HttpResponse<String> postCsv(TestServer server, String key, String csv) {
        return server.send(server.request("/v1/suppressions").header("Authorization", "Bearer " + key)
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)).build());
    }
}
