package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** {@code GET /v1/events} and {@code GET /v1/events/{id}} refuse malformed parameters, naming them. */
class EventQueryProblemsTest {

    @EachDatabase
    void limitOutsideOneTo500Is400(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (String limit : List.of("0", "abc", "501", "-1", "1.5", "99999999999999999999")) {
                Problems.assertProblem(server.get("/v1/events?limit=" + limit, ADMIN_KEY), 400, "limit");
            }
            assertThat(server.get("/v1/events?limit=500", ADMIN_KEY).statusCode()).isEqualTo(200);
            assertThat(server.get("/v1/events?limit=1", ADMIN_KEY).statusCode()).isEqualTo(200);
        }
    }

    @EachDatabase
    void malformedOrUnstorableTimesAre400(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (String param : List.of("since", "until")) {
                for (String value : List.of("yesterday", "2026-11-22", "2026-11-22T10:30:05", "1732271405",
                        "%2B999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "%2B10000-01-01T00:00:00Z")) {
                    Problems.assertProblem(server.get("/v1/events?" + param + "=" + value, ADMIN_KEY), 400, param);
                }
            }
        }
    }

    @EachDatabase
    void cursorNotReturnedByThisListIs400(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (int i = 0; i < 3; i++) {
                server.tenantKey("t" + i);
            }
            String tenantsCursor = TestServer.json(server.get("/v1/tenants?limit=1", ADMIN_KEY)).get("next_cursor").asText();

            for (String cursor : List.of("garbage", "!!!", tenantsCursor, encode("events:abc"), encode("events"),
                    encode("events:1:2:3x"))) {
                Problems.assertProblem(server.get("/v1/events?cursor=" + cursor, ADMIN_KEY), 400, "cursor");
            }
        }
    }

    @EachDatabase
    void unknownTypeFilterIs400(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (String type : List.of("nope", "email.*", "EMAIL.OPENED", "*")) {
                Problems.assertProblem(server.get("/v1/events?type=" + type, ADMIN_KEY), 400, "type");
            }
        }
    }

    @EachDatabase
    void textNoEventCanHoldIsRefusedNotSentToTheDatabase(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            server.post("/v1/events", ADMIN_KEY, Events.envelope("evt_1", "email.sent", "\"email_id\": \"msg_1\""));

            Problems.assertProblem(server.get("/v1/events?email_id=%00", ADMIN_KEY), 400, "email_id");
            Problems.assertProblem(server.get("/v1/events?to=a%00%40example.com", ADMIN_KEY), 400, "to");
            Problems.assertProblem(server.get("/v1/events/%00", ADMIN_KEY), 404);
            Problems.assertProblem(server.get("/v1/events/evt_%ED%A0%80", ADMIN_KEY), 404);
            Problems.assertProblem(server.get("/v1/events/" + "x".repeat(2000), ADMIN_KEY), 404);
            assertThat(Events.ids(server, ADMIN_KEY)).containsExactly("evt_1");
        }
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
