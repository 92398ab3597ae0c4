package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.time.Instant;

/** {@code POST /v1/events} and {@code GET /v1/events/{id}}: idempotent recording, batches, enrichment. */
class EventRoutesTest {

    @EachDatabase
    void postedEventIsAnsweredAsStoredAndReadableById(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            HttpResponse<String> created = server.post("/v1/events", ADMIN_KEY,
                    "{\"type\": \"email.delivered\", \"data\": {\"to\": \"ada@example.com\", \"smtp_response\": \"250 OK\"}}");

            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode event = TestServer.json(created);
            assertThat(event.get("id").asText()).matches("evt_[0-9A-HJKMNP-TV-Z]{26}");
            assertThat(event.get("type").asText()).isEqualTo("email.delivered");
            Instant createdAt = Instant.parse(event.get("created_at").asText());
            assertThat(createdAt).as("the server's present").isEqualTo(server.now());
            assertThat(event.at("/data/smtp_response").asText()).isEqualTo("250 OK");
            assertThat(event.at("/data/delivered_at").asText()).isEqualTo(event.get("created_at").asText());

            HttpResponse<String> read = server.get("/v1/events/" + event.get("id").asText(), ADMIN_KEY);
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(TestServer.json(read)).isEqualTo(event);
        }
    }

    @EachDatabase
    void sameIdAgainAnswersTheFirstStoredEvent(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            HttpResponse<String> first = server.post("/v1/events", ADMIN_KEY,
                    "{\"id\": \"evt_app_1\", \"type\": \"email.sent\", \"data\": {\"subject\": \"First\"}}");
            HttpResponse<String> second = server.post("/v1/events", ADMIN_KEY, "{\"id\": \"evt_app_1\", \"type\":"
                    + " \"email.sent\", \"created_at\": \"2020-01-01T00:00:00Z\", \"data\": {\"subject\": \"Second\"}}");

            assertThat(first.statusCode()).isEqualTo(201);
            assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
            assertThat(TestServer.json(second)).isEqualTo(TestServer.json(first));
            assertThat(TestServer.json(second).get("created_at").asText()).isNotEqualTo("2020-01-01T00:00:00.000Z");
            assertThat(TestServer.json(second).at("/data/subject").asText()).isEqualTo("First");
            assertThat(Events.ids(server, ADMIN_KEY)).containsExactly("evt_app_1");
        }
    }

    @EachDatabase
    void batchReportsEachItemAndStoresOnlyTheValidOnes(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            server.post("/v1/events", ADMIN_KEY, Events.envelope("evt_old", "email.sent", ""));

            HttpResponse<String> response = server.post("/v1/events", ADMIN_KEY, "["
                    + Events.envelope("evt_b1", "email.sent", "\"to\": \"a@example.com\"") + ", "
                    + Events.envelope("evt_bad_type", "email.teleported", "") + ", "
                    + Events.envelope("evt_b1", "email.sent", "\"to\": \"other@example.com\"") + ", "
                    + Events.envelope("evt_bad_field", "email.bounced", "\"bounce_type\": \"sideways\"") + ", "
                    + Events.envelope("evt_old", "email.sent", "") + ", "
                    + "42, "
                    + "{\"type\": \"email.delivered\", \"data\": {}}]");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode rows = TestServer.json(response).get("data");
            assertThat(rows).hasSize(7);
            assertRow(rows.get(0), "evt_b1", "created");
            assertRow(rows.get(1), "evt_bad_type", "rejected");
            assertThat(rows.get(1).get("error").asText()).contains("email.teleported");
            assertRow(rows.get(2), "evt_b1", "duplicate");
            assertRow(rows.get(3), "evt_bad_field", "rejected");
            assertThat(rows.get(3).get("error").asText()).contains("bounce_type");
            assertRow(rows.get(4), "evt_old", "duplicate");
            assertThat(rows.get(5).get("status").asText()).isEqualTo("rejected");
            assertThat(rows.get(5).get("id").isNull()).isTrue();
            assertThat(rows.get(5).get("error").asText()).isNotBlank();
            assertThat(rows.get(6).get("status").asText()).isEqualTo("created");
            String generated = rows.get(6).get("id").asText();
            assertThat(generated).startsWith("evt_");

            assertThat(Events.ids(server, ADMIN_KEY)).containsExactlyInAnyOrder("evt_old", "evt_b1", generated);
            assertThat(TestServer.json(server.get("/v1/events/evt_b1", ADMIN_KEY)).at("/data/to").asText())
                    .isEqualTo("a@example.com");
            Problems.assertProblem(server.get("/v1/events/evt_bad_type", ADMIN_KEY), 404);
        }
    }

    @EachDatabase
    void eventAboutAnInstrumentedEmailIsCompletedFromTheMessage(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            InstrumentedEmail email = InstrumentedEmail.create(server, ADMIN_KEY, "Ada@Example.com", "Welcome!");

            JsonNode event = TestServer.json(server.post("/v1/events", ADMIN_KEY,
                    Events.envelope("evt_d1", "email.delivered", "\"email_id\": \"" + email.emailId() + "\"")));

            JsonNode data = event.get("data");
            assertThat(data.get("email_id").asText()).isEqualTo(email.emailId());
            assertThat(data.get("to").asText()).isEqualTo("ada@example.com");
            assertThat(data.get("from").asText()).isEqualTo("news@shop.example");
            assertThat(data.get("subject").asText()).isEqualTo("Welcome!");
            assertThat(data.get("tags")).extracting(JsonNode::asText).containsExactly("welcome");
            assertThat(data.at("/metadata/user_id").asText()).isEqualTo("42");
            assertThat(TestServer.json(server.get("/v1/events/evt_d1", ADMIN_KEY))).isEqualTo(event);
        }
    }

    @EachDatabase
    void recipientIsStoredLowerCased(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            JsonNode event = TestServer.json(server.post("/v1/events", ADMIN_KEY,
                    Events.envelope("evt_to", "email.sent", "\"to\": \"Bob.Smith@Example.COM\"")));

            assertThat(event.at("/data/to").asText()).isEqualTo("bob.smith@example.com");
            assertThat(TestServer.json(server.get("/v1/events/evt_to", ADMIN_KEY)).at("/data/to").asText())
                    .isEqualTo("bob.smith@example.com");
        }
    }

    @EachDatabase
    void givenCreatedAtIsKeptAsTheEventTime(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            JsonNode event = TestServer.json(server.post("/v1/events", ADMIN_KEY, "{\"type\": \"email.bounced\","
                    + " \"created_at\": \"2026-11-22T11:30:05.123+01:00\", \"data\": {\"bounce_type\": \"hard\","
                    + " \"bounce_reason\": \"user_unknown\", \"status_code\": \"5.1.1\"}}"));

            assertThat(event.get("created_at").asText()).isEqualTo("2026-11-22T10:30:05.123Z");
            assertThat(event.at("/data/bounced_at").asText()).isEqualTo("2026-11-22T10:30:05.123Z");
        }
    }

    private static void assertRow(JsonNode row, String id, String status) {
        assertThat(row.get("id").asText()).as(row.toString()).isEqualTo(id);
        assertThat(row.get("status").asText()).as(row.toString()).isEqualTo(status);
        if (status.equals("rejected")) {
            assertThat(row.get("error").asText()).as(row.toString()).isNotBlank();
        } else {
            assertThat(row.get("error").isNull()).as(row.toString()).isTrue();
        }
    }
}
