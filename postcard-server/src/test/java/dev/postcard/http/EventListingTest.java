package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /v1/events}: newest first, filters, cursor pages, and one tenant's view only. */
class EventListingTest {

    @EachDatabase
    void listIsNewestFirstInTheListShape(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (String id : List.of("evt_1", "evt_2", "evt_3")) {
                server.post("/v1/events", ADMIN_KEY, Events.envelope(id, "email.sent", ""));
            }

            JsonNode body = TestServer.json(server.get("/v1/events", ADMIN_KEY));

            assertThat(body.get("data")).extracting(e -> e.get("id").asText()).containsExactly("evt_3", "evt_2", "evt_1");
            assertThat(body.has("next_cursor")).isTrue();
            assertThat(body.get("next_cursor").isNull()).isTrue();
        }
    }

    @EachDatabase
    void filtersSelectByTypeAliasEmailAndRecipient(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            server.post("/v1/events", ADMIN_KEY, Events.envelope("evt_o1", "email.opened",
                    "\"email_id\": \"msg_a\", \"to\": \"Ada@Example.com\""));
            server.post("/v1/events", ADMIN_KEY, Events.envelope("evt_c1", "email.clicked",
                    "\"email_id\": \"msg_a\", \"to\": \"ada@example.com\", \"url\": \"https://x.example/\""));
            server.post("/v1/events", ADMIN_KEY, Events.envelope("evt_o2", "email.opened",
                    "\"email_id\": \"msg_b\", \"to\": \"bob@example.com\""));

            assertThat(ids(server, "type=email.opened")).containsExactly("evt_o2", "evt_o1");
            assertThat(ids(server, "type=opened")).containsExactly("evt_o2", "evt_o1");
            assertThat(ids(server, "type=email.clicked")).containsExactly("evt_c1");
            assertThat(ids(server, "type=email.bounced")).isEmpty();
            assertThat(ids(server, "email_id=msg_a")).containsExactly("evt_c1", "evt_o1");
            assertThat(ids(server, "email_id=msg_nope")).isEmpty();
            assertThat(ids(server, "to=ADA%40example.COM")).containsExactly("evt_c1", "evt_o1");
            assertThat(ids(server, "to=bob%40example.com&type=opened")).containsExactly("evt_o2");
            assertThat(ids(server, "to=ada%40example.com&type=opened&email_id=msg_a")).containsExactly("evt_o1");
        }
    }

    @EachDatabase
    void sinceIsInclusiveAndUntilExclusive(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (int day = 1; day <= 3; day++) {
                server.post("/v1/events", ADMIN_KEY, "{\"id\": \"evt_day" + day + "\", \"type\": \"email.sent\","
                        + " \"created_at\": \"2026-01-0" + day + "T00:00:00Z\", \"data\": {}}");
            }

            assertThat(ids(server, "since=2026-01-02T00:00:00Z")).containsExactly("evt_day3", "evt_day2");
            assertThat(ids(server, "until=2026-01-02T00:00:00Z")).containsExactly("evt_day1");
            assertThat(ids(server, "since=2026-01-02T00:00:00Z&until=2026-01-03T00:00:00Z")).containsExactly("evt_day2");
            assertThat(ids(server, "since=2026-01-02T01:00:00%2B01:00&until=2026-01-02T00:00:00.001Z"))
                    .containsExactly("evt_day2");
            assertThat(ids(server, "since=2026-01-04T00:00:00Z")).isEmpty();
        }
    }

    @EachDatabase
    void cursorPagesCoverEveryEventOnce(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            List<String> posted = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                posted.addFirst("evt_p" + i);
                server.post("/v1/events", ADMIN_KEY, Events.envelope("evt_p" + i, "email.sent", ""));
            }

            List<String> seen = new ArrayList<>();
            List<Integer> pageSizes = new ArrayList<>();
            String query = "/v1/events?limit=2";
            while (true) {
                JsonNode page = TestServer.json(server.get(query, ADMIN_KEY));
                page.get("data").forEach(e -> seen.add(e.get("id").asText()));
                pageSizes.add(page.get("data").size());
                if (page.get("next_cursor").isNull()) {
                    break;
                }
                query = "/v1/events?limit=2&cursor=" + page.get("next_cursor").asText();
                assertThat(pageSizes).as("pages so far").hasSizeLessThan(5);
            }

            assertThat(pageSizes).containsExactly(2, 2, 1);
            assertThat(seen).containsExactlyElementsOf(posted);
        }
    }

    @EachDatabase
    void tenantSeesOnlyItsOwnEvents(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String keyA = server.tenantKey("tenant-a");
            String keyB = server.tenantKey("tenant-b");
            server.post("/v1/events", keyA, Events.envelope("evt_of_a", "email.sent", "\"email_id\": \"msg_a\""));

            Problems.assertProblem(server.get("/v1/events/evt_of_a", keyB), 404);
            assertThat(server.get("/v1/events/evt_of_a", keyA).statusCode()).isEqualTo(200);
            assertThat(Events.list(server, keyB, "")).extracting(e -> e.get("type").asText())
                    .as("tenant B's own api_key.created only").containsOnly("api_key.created");
            assertThat(Events.list(server, keyB, "email_id=msg_a")).isEmpty();
            assertThat(Events.list(server, ADMIN_KEY, "type=email.sent")).as("admin on default").isEmpty();

            HttpResponse<String> sameIdInB = server.post("/v1/events", keyB, Events.envelope("evt_of_a", "email.sent", ""));
            assertThat(sameIdInB.statusCode()).as("ids are per tenant").isEqualTo(201);
            assertThat(TestServer.json(server.get("/v1/events/evt_of_a", keyA)).at("/data/email_id").asText())
                    .isEqualTo("msg_a");
        }
    }

    @EachDatabase
    void adminActsForTheTenantNamedInXTenantId(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String keyA = server.tenantKey("tenant-a");
            server.post("/v1/events", keyA, Events.envelope("evt_of_a", "email.sent", ""));

            HttpResponse<String> asA = server.send(server.request("/v1/events/evt_of_a")
                    .header("Authorization", "Bearer " + ADMIN_KEY).header("X-Tenant-ID", "tenant-a").GET().build());
            assertThat(asA.statusCode()).isEqualTo(200);
            Problems.assertProblem(server.get("/v1/events/evt_of_a", ADMIN_KEY), 404);

            HttpResponse<String> posted = server.send(server.request("/v1/events")
                    .header("Authorization", "Bearer " + ADMIN_KEY).header("X-Tenant-ID", "tenant-a")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            Events.envelope("evt_by_admin", "email.sent", ""))).build());
            assertThat(posted.statusCode()).isEqualTo(201);
            assertThat(server.get("/v1/events/evt_by_admin", keyA).statusCode()).isEqualTo(200);

            HttpResponse<String> tenantKeyWithHeader = server.send(server.request("/v1/events/evt_of_a")
                    .header("Authorization", "Bearer " + server.tenantKey("tenant-b"))
                    .header("X-Tenant-ID", "tenant-a").GET().build());
            Problems.assertProblem(tenantKeyWithHeader, 404);
        }
    }

    private static List<String> ids(TestServer server, String query) {
        return Events.list(server, ADMIN_KEY, query).stream().map(e -> e.get("id").asText()).toList();
    }
}
