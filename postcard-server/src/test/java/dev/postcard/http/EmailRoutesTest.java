package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.util.List;

/** {@code GET /v1/emails/{id}}: the message, where it stands, its counters and its timeline. */
class EmailRoutesTest {

    @EachDatabase
    void newEmailIsCreatedWithNoEngagement(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            InstrumentedEmail email = InstrumentedEmail.create(server, ADMIN_KEY, "Ada@Example.com", "Welcome!");

            JsonNode message = TestServer.json(server.get("/v1/emails/" + email.emailId(), ADMIN_KEY));

            assertThat(message.get("id").asText()).isEqualTo(email.emailId()).matches("msg_[0-9A-HJKMNP-TV-Z]{26}");
            assertThat(message.get("to").asText()).isEqualTo("ada@example.com");
            assertThat(message.get("from").asText()).isEqualTo("news@shop.example");
            assertThat(message.get("subject").asText()).isEqualTo("Welcome!");
            assertThat(message.get("tags")).extracting(JsonNode::asText).containsExactly("welcome");
            assertThat(message.at("/metadata/user_id").asText()).isEqualTo("42");
            assertThat(message.get("status").asText()).isEqualTo("created");
            assertThat(message.at("/opens/total").asLong()).isZero();
            assertThat(message.at("/clicks/total").asLong()).isZero();
            assertThat(message.get("events")).isEmpty();
        }
    }

    @EachDatabase
    void emailShowsStatusCountersAndTimelineOldestFirst(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            InstrumentedEmail email = InstrumentedEmail.create(server, ADMIN_KEY, "ada@example.com", "Welcome!");
            String id = email.emailId();
            post(server, Events.envelope("evt_t1", "email.sent", "\"email_id\": \"" + id + "\""));
            post(server, Events.envelope("evt_t2", "email.delivered", "\"email_id\": \"" + id + "\""));
            TrackingHits.get(server, email.openLink(), TrackingHits.CHROME);
            TrackingHits.get(server, email.openLink(), TrackingHits.GMAIL_PROXY);
            TrackingHits.head(server, email.openLink(), TrackingHits.CHROME);
            post(server, Events.envelope("evt_t3", "email.clicked", "\"email_id\": \"" + id
                    + "\", \"url\": \"https://shop.example/\", \"machine\": false"));
            post(server, Events.envelope("evt_t4", "email.clicked", "\"email_id\": \"" + id
                    + "\", \"url\": \"https://shop.example/\", \"machine\": true, \"machine_reason\": \"security_scanner\""));

            JsonNode message = TestServer.json(server.get("/v1/emails/" + id, ADMIN_KEY));

            assertThat(message.get("status").asText()).isEqualTo("delivered");
            assertThat(message.at("/opens/total").asLong()).isEqualTo(3);
            assertThat(message.at("/opens/human").asLong()).isEqualTo(1);
            assertThat(message.at("/clicks/total").asLong()).isEqualTo(2);
            assertThat(message.at("/clicks/human").asLong()).isEqualTo(1);
            JsonNode timeline = message.get("events");
            assertThat(timeline).extracting(e -> e.get("type").asText()).containsExactly("email.sent", "email.delivered",
                    "email.opened", "email.opened", "email.opened", "email.clicked", "email.clicked");
            List<String> newestFirst = Events.list(server, ADMIN_KEY, "email_id=" + id).stream()
                    .map(e -> e.get("id").asText()).toList();
            assertThat(timeline).extracting(e -> e.get("id").asText()).containsExactlyElementsOf(newestFirst.reversed());
            assertThat(timeline.get(0)).isEqualTo(TestServer.json(server.get("/v1/events/evt_t1", ADMIN_KEY)));
            assertThat(message.get("updated_at").asText()).as("dated by the server's clock, like created_at")
                    .isEqualTo(dev.postcard.event.EventCodec.formatInstant(server.now()));
        }
    }

    @EachDatabase
    void statusNeverMovesBack(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            InstrumentedEmail email = InstrumentedEmail.create(server, ADMIN_KEY, "ada@example.com", "Welcome!");
            String id = email.emailId();

            post(server, Events.envelope("evt_b", "email.bounced", "\"email_id\": \"" + id + "\", \"bounce_type\": \"hard\""));
            post(server, Events.envelope("evt_d", "email.delivered", "\"email_id\": \"" + id + "\""));

            assertThat(TestServer.json(server.get("/v1/emails/" + id, ADMIN_KEY)).get("status").asText()).isEqualTo("bounced");
        }
    }

    @EachDatabase
    void unknownOrAnotherTenantsEmailIs404(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String keyA = server.tenantKey("tenant-a");
            String keyB = server.tenantKey("tenant-b");
            InstrumentedEmail email = InstrumentedEmail.create(server, keyA, "ada@example.com", "Welcome!");

            assertThat(server.get("/v1/emails/" + email.emailId(), keyA).statusCode()).isEqualTo(200);
            Problems.assertProblem(server.get("/v1/emails/" + email.emailId(), keyB), 404);
            Problems.assertProblem(server.get("/v1/emails/" + email.emailId(), ADMIN_KEY), 404);
            Problems.assertProblem(server.get("/v1/emails/msg_01JDQ4YB2C3D4E5F6G7H8J9K0M", keyA), 404);
            Problems.assertProblem(server.get("/v1/emails/%00", keyA), 404);
            String body404 = server.get("/v1/emails/" + email.emailId(), keyB).body();
            assertThat(body404).doesNotContain("ada@example.com").doesNotContain("tenant-a");
        }
    }

    private static void post(TestServer server, String event) {
        assertThat(server.post("/v1/events", ADMIN_KEY, event).statusCode()).as(event).isEqualTo(201);
    }
}
