package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import dev.postcard.testing.TestDatabases;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/events/stream}: Server-Sent Events of the tenant's log, live, filtered and resumable. */
class EventStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @EachDatabase
    void newEventsArriveAsTheyAreStoredInTheOrderStored(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            server.post("/v1/events", ADMIN_KEY, Events.envelope("evt_old", "email.sent", ""));
            try (EventStreamClient stream = EventStreamClient.open(server, "/v1/events/stream", ADMIN_KEY)) {
                assertThat(stream.status()).isEqualTo(200);
                assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
                assertThat(stream.header("Cache-Control")).isEqualTo("no-store");
                assertThat(stream.lastId(WAIT)).as("where it starts, to resume from before any event")
                        .isEqualTo("evt_old");

                for (String id : new String[] {"evt_a", "evt_b", "evt_c"}) {
                    server.post("/v1/events", ADMIN_KEY, Events.envelope(id, "email.delivered",
                            "\"email_id\": \"msg_1\", \"to\": \"a@example.com\""));
                }

                EventStreamClient.Message first = stream.next(WAIT);
                assertThat(first.id()).isEqualTo("evt_a");
                assertThat(first.event()).isEqualTo("email.delivered");
                assertThat(TestServer.json(first.data()))
                        .isEqualTo(TestServer.json(server.get("/v1/events/evt_a", ADMIN_KEY)));
                assertThat(stream.nextIds(2)).containsExactly("evt_b", "evt_c");
            }
        }
    }

    @EachDatabase
    void filtersSelectLikeTheEventList(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url());
             EventStreamClient stream = EventStreamClient.open(server,
                     "/v1/events/stream?type=opened&to=ADA%40example.com", ADMIN_KEY)) {
            server.post("/v1/events", ADMIN_KEY, Events.envelope("evt_other_type", "email.clicked",
                    "\"email_id\": \"msg_1\", \"to\": \"ada@example.com\", \"url\": \"https://x.example/\""));
            server.post("/v1/events", ADMIN_KEY, Events.envelope("evt_other_to", "email.opened",
                    "\"email_id\": \"msg_1\", \"to\": \"bob@example.com\""));
            server.post("/v1/events", ADMIN_KEY, Events.envelope("evt_match", "email.opened",
                    "\"email_id\": \"msg_1\", \"to\": \"Ada@Example.com\""));

            assertThat(stream.next(WAIT).id()).isEqualTo("evt_match");
            assertThat(stream.pending()).isEmpty();
        }
    }

    @EachDatabase
    void sinceSendsTheStoredEventsFirstThenFollows(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (int day = 1; day <= 3; day++) {
                server.post("/v1/events", ADMIN_KEY, "{\"id\": \"evt_day" + day + "\", \"type\": \"email.sent\","
                        + " \"created_at\": \"2026-01-0" + day + "T00:00:00Z\", \"data\": {}}");
            }
            try (EventStreamClient stream = EventStreamClient.open(server,
                    "/v1/events/stream?since=2026-01-02T00:00:00Z", ADMIN_KEY)) {
                assertThat(stream.nextIds(2)).containsExactly("evt_day2", "evt_day3");
                server.post("/v1/events", ADMIN_KEY, Events.envelope("evt_live", "email.sent", ""));
                assertThat(stream.next(WAIT).id()).isEqualTo("evt_live");
            }
        }
    }

    @EachDatabase
    void lastEventIdResumesAfterThatEvent(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (String id : new String[] {"evt_1", "evt_2", "evt_3"}) {
                server.post("/v1/events", ADMIN_KEY, Events.envelope(id, "email.sent", ""));
            }
            try (EventStreamClient byHeader = EventStreamClient.open(server, "/v1/events/stream", ADMIN_KEY,
                    Map.of("Last-Event-ID", "evt_1"));
                 EventStreamClient byQuery = EventStreamClient.open(server,
                         "/v1/events/stream?last_event_id=evt_2", ADMIN_KEY)) {
                assertThat(byHeader.nextIds(2)).containsExactly("evt_2", "evt_3");
                assertThat(byQuery.nextIds(1)).containsExactly("evt_3");
            }
        }
    }

    @Test
    void aTenantStreamsOnlyItsOwnEvents() {
        try (TestServer server = TestServer.start(TestDatabases.freshSqliteUrl())) {
            String acme = server.tenantKey("acme");
            server.tenantKey("globex");
            try (EventStreamClient acmeStream = EventStreamClient.open(server, "/v1/events/stream", acme);
                 EventStreamClient asGlobex = EventStreamClient.open(server, "/v1/events/stream", ADMIN_KEY,
                         Map.of("X-Tenant-ID", "globex"))) {
                server.send(server.request("/v1/events").header("Authorization", "Bearer " + ADMIN_KEY)
                        .header("X-Tenant-ID", "globex").header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                Events.envelope("evt_globex", "email.sent", ""))).build());
                server.post("/v1/events", acme, Events.envelope("evt_acme", "email.sent", ""));

                assertThat(acmeStream.next(WAIT).id()).isEqualTo("evt_acme");
                assertThat(asGlobex.next(WAIT).id()).isEqualTo("evt_globex");
                assertThat(acmeStream.pending()).isEmpty();
                assertThat(asGlobex.pending()).isEmpty();
            }
            // Another tenant's event id is not a place to resume from: it does not exist for this tenant.
            try (EventStreamClient refused = EventStreamClient.open(server, "/v1/events/stream", acme,
                    Map.of("Last-Event-ID", "evt_globex"))) {
                assertThat(refused.status()).isEqualTo(400);
            }
        }
    }

    @Test
    void badInputIsRefusedBeforeTheStreamBegins() {
        try (TestServer server = TestServer.start(TestDatabases.freshSqliteUrl())) {
            assertProblem(server, "/v1/events/stream?type=email.nope", ADMIN_KEY, Map.of(), 400, "type");
            assertProblem(server, "/v1/events/stream?since=yesterday", ADMIN_KEY, Map.of(), 400, "since");
            assertProblem(server, "/v1/events/stream", ADMIN_KEY, Map.of("Last-Event-ID", "evt_unknown"), 400,
                    "last_event_id");
            assertProblem(server, "/v1/events/stream?last_event_id=" + "x".repeat(300), ADMIN_KEY, Map.of(), 400,
                    "last_event_id");
            assertProblem(server, "/v1/events/stream", "pck_wrong_key_0123456789abcdef", Map.of(), 401, null);
            assertThat(server.send(server.request("/v1/events/stream").header("Authorization", "Bearer " + ADMIN_KEY)
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(405);
        }
    }

    @Test
    void anIdleStreamSendsHeartbeats() {
        try (TestServer server = TestServer.start(TestServer.config(TestDatabases.freshSqliteUrl()).toBuilder()
                .eventStreamHeartbeat(Duration.ofMillis(200)).build());
             EventStreamClient stream = EventStreamClient.open(server, "/v1/events/stream", ADMIN_KEY)) {
            assertThat(stream.comment(WAIT)).isEqualTo("keep-alive");
            assertThat(stream.comment(WAIT)).isEqualTo("keep-alive");
            assertThat(stream.ended()).isFalse();
        }
    }

    @Test
    void aStreamEndsWhenItsUntilHasPassed() {
        try (TestServer server = TestServer.start(TestDatabases.freshSqliteUrl())) {
            server.post("/v1/events", ADMIN_KEY, "{\"id\": \"evt_then\", \"type\": \"email.sent\","
                    + " \"created_at\": \"" + server.now().minus(Duration.ofDays(1)) + "\", \"data\": {}}");
            String since = server.now().minus(Duration.ofDays(2)).toString();
            String until = server.now().minusSeconds(60).toString();
            try (EventStreamClient stream = EventStreamClient.open(server,
                    "/v1/events/stream?since=" + since + "&until=" + until, ADMIN_KEY)) {
                assertThat(stream.next(WAIT).id()).isEqualTo("evt_then");
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!stream.ended() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertThat(stream.ended()).as("the stream ended after its period").isTrue();
            }
        }
    }

    private static void assertProblem(TestServer server, String path, String key, Map<String, String> headers,
                                      int status, String field) {
        try (EventStreamClient stream = EventStreamClient.open(server, path, key, headers)) {
            assertThat(stream.status()).isEqualTo(status);
            JsonNode problem = TestServer.json(stream.problem());
            assertThat(problem.path("status").asInt()).isEqualTo(status);
            if (field != null) {
                assertThat(problem.path("field").asText()).isEqualTo(field);
            }
        }
    }
}
