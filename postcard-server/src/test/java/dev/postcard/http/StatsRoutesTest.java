package dev.postcard.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** {@code /v1/stats}, {@code /v1/stats/links} and {@code /v1/emails/{id}/links} over HTTP: shapes, rates, problems. */
class StatsRoutesTest {
    /**
     * One instrumented message (ada@example.com, tag welcome, no provider) around midnight: sent and delivered
     * two days before the server's present, opened by a person twice and by a proxy, clicked twice on one link;
     * and a second message (bob@other.org, tag promo, provider ses) sent and bounced the next day. Every date is
     * read off the server's clock.
     */
    record Fixture(String emailId, Instant firstDay) {
        Instant at(int day, String time) {
            return firstDay.plus(Duration.ofDays(day)).plus(Duration.between(LocalTime.MIDNIGHT, LocalTime.parse(time)));
        }

        /** The two days of the fixture. */
        String period() {
            return "from=" + firstDay + "&to=" + firstDay.plus(Duration.ofDays(2));
        }
    }

    static Fixture recordFixture(TestServer server, String key) {
        String id = InstrumentedEmail.create(server, key, "ada@example.com", "Welcome!").emailId();
        Fixture f = new Fixture(id, server.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2)));
        String m = "\"email_id\": \"" + id + "\"";
        String other = "\"email_id\": \"msg_01JDQ4YB2C3D4E5F6G7H8J9K0M\", \"to\": \"Bob@Other.org\", "
                + "\"tags\": [\"promo\"], \"provider\": \"ses\"";
        post(server, key, event("evt_s1", "email.sent", f.at(0, "23:00"), m));
        post(server, key, event("evt_d1", "email.delivered", f.at(0, "23:01"), m));
        post(server, key, event("evt_o1", "email.opened", f.at(0, "23:30"), m + ", \"machine\": false"));
        post(server, key, event("evt_o2", "email.opened", f.at(1, "08:00"), m + ", \"machine\": false"));
        post(server, key, event("evt_o3", "email.opened", f.at(0, "23:02"), m + ", \"machine\": true"));
        post(server, key, event("evt_c1", "email.clicked", f.at(0, "23:31"),
                m + ", \"machine\": false, \"url\": \"https://shop.example/sale\""));
        post(server, key, event("evt_c2", "email.clicked", f.at(1, "08:01"),
                m + ", \"machine\": false, \"url\": \"https://shop.example/sale\""));
        post(server, key, event("evt_s2", "email.sent", f.at(1, "09:00"), other));
        post(server, key, event("evt_b2", "email.bounced", f.at(1, "09:01"), other + ", \"bounce_type\": \"hard\""));
        // A duplicate: stored once, counted once.
        post(server, key, event("evt_o1", "email.opened", f.at(0, "23:30"), m + ", \"machine\": false"));
        // The hard bounce suppresses bob@; its suppression.created follows the answer. Tests that compare stored
        // state before and after a request need the fixture settled.
        assertThat(Events.awaitList(server, key, "type=suppression.created")).hasSize(1);
        return f;
    }

    @EachDatabase
    void overallRowHasEveryCountAndRate(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String key = server.tenantKey("tenant-a");
            Fixture f = recordFixture(server, key);

            JsonNode data = TestServer.json(server.get("/v1/stats?" + f.period(), key)).get("data");

            assertThat(data).hasSize(1);
            JsonNode row = data.get(0);
            assertThat(row.has("bucket")).isFalse();
            assertThat(row.get("sent").asLong()).isEqualTo(2);
            assertThat(row.get("delivered").asLong()).isEqualTo(1);
            assertThat(row.get("bounced").asLong()).isEqualTo(1);
            assertThat(row.get("hard_bounced").asLong()).isEqualTo(1);
            assertThat(row.get("soft_bounced").asLong()).isZero();
            for (String count : List.of("delivery_delayed", "complained", "unsubscribed", "dropped")) {
                assertThat(row.get(count).asLong()).as(count).isZero();
            }
            assertThat(row.get("opens")).isEqualTo(TestServer.json(
                    "{\"total\": 3, \"human\": 2, \"machine\": 1, \"unique_human\": 1, \"unique_machine\": 1}"));
            assertThat(row.get("clicks")).isEqualTo(TestServer.json(
                    "{\"total\": 2, \"human\": 2, \"machine\": 0, \"unique_human\": 1, \"unique_machine\": 0}"));
            assertThat(row.get("delivery_rate").asDouble()).isEqualTo(0.5);
            assertThat(row.get("bounce_rate").asDouble()).isEqualTo(0.5);
            assertThat(row.get("complaint_rate").asDouble()).isZero();
            assertThat(row.get("open_rate").asDouble()).isEqualTo(1.0);
            assertThat(row.get("click_rate").asDouble()).isEqualTo(1.0);
            assertThat(row.get("click_to_open_rate").asDouble()).isEqualTo(1.0);
        }
    }

    @EachDatabase
    void groupsNameThemselvesAndDaysSplitAtMidnightUtc(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String key = server.tenantKey("tenant-a");
            Fixture f = recordFixture(server, key);

            JsonNode tags = TestServer.json(server.get("/v1/stats?group_by=tag&" + f.period(), key)).get("data");
            JsonNode domains = TestServer.json(server.get("/v1/stats?group_by=domain&" + f.period(), key)).get("data");
            JsonNode providers = TestServer.json(server.get("/v1/stats?group_by=provider&" + f.period(), key))
                    .get("data");
            JsonNode days = TestServer.json(server.get("/v1/stats?interval=day&group_by=tag&" + f.period(), key))
                    .get("data");

            assertThat(tags).extracting(r -> r.get("tag").asText() + ":" + r.get("sent").asLong())
                    .containsExactlyInAnyOrder("welcome:1", "promo:1");
            assertThat(domains).extracting(r -> r.get("domain").asText() + ":" + r.at("/opens/total").asLong())
                    .containsExactlyInAnyOrder("example.com:3", "other.org:0");
            assertThat(providers).extracting(r -> r.get("provider").asText() + ":" + r.get("bounced").asLong())
                    .containsExactlyInAnyOrder("postcard:0", "ses:1");
            assertThat(days).extracting(r -> r.get("bucket").asText() + " " + r.get("tag").asText() + " "
                    + r.at("/opens/human").asLong() + " " + r.get("sent").asLong()).containsExactly(
                    bucket(f.at(0, "00:00")) + " welcome 1 1",
                    bucket(f.at(1, "00:00")) + " promo 0 1",
                    bucket(f.at(1, "00:00")) + " welcome 1 0");
            JsonNode promoDay = days.get(1);
            assertThat(promoDay.get("complaint_rate").isNull()).isTrue();
            assertThat(promoDay.get("open_rate").isNull()).isTrue();
            assertThat(promoDay.get("click_to_open_rate").isNull()).isTrue();
            assertThat(promoDay.get("bounce_rate").asDouble()).isEqualTo(1.0);
        }
    }

    @EachDatabase
    void hoursAndTenantIsolation(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String keyA = server.tenantKey("tenant-a");
            String keyB = server.tenantKey("tenant-b");
            Fixture f = recordFixture(server, keyA);

            JsonNode hours = TestServer.json(server.get("/v1/stats?interval=hour&from=" + f.at(0, "23:00")
                    + "&to=" + f.at(1, "00:00"), keyA)).get("data");
            JsonNode otherTenant = TestServer.json(server.get("/v1/stats?" + f.period(), keyB)).get("data");

            assertThat(hours).hasSize(1);
            assertThat(hours.get(0).get("bucket").asText()).isEqualTo(bucket(f.at(0, "23:00")));
            assertThat(hours.get(0).at("/opens/total").asLong()).isEqualTo(2);
            assertThat(otherTenant.get(0).get("sent").asLong()).isZero();
            assertThat(otherTenant.get(0).get("delivery_rate").isNull()).isTrue();
        }
    }

    /** Without {@code from} and {@code to}, the 30 days before the server's present: they move with its clock. */
    @EachDatabase
    void theDefaultPeriodIsTheThirtyDaysBeforeNow(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String key = server.tenantKey("tenant-a");
            recordFixture(server, key);
            post(server, key, "{\"type\": \"email.sent\", \"data\": {\"to\": \"now@example.com\"}}");

            long withFixture = TestServer.json(server.get("/v1/stats", key)).at("/data/0/sent").asLong();
            server.clock().advance(Duration.ofDays(29));
            long fixtureAtTheEdge = TestServer.json(server.get("/v1/stats", key)).at("/data/0/sent").asLong();
            server.clock().advance(Duration.ofDays(2));
            post(server, key, "{\"type\": \"email.sent\", \"data\": {\"to\": \"later@example.com\"}}");
            long monthLater = TestServer.json(server.get("/v1/stats", key)).at("/data/0/sent").asLong();

            assertThat(withFixture).as("the fixture (two days ago) and the message sent now").isEqualTo(3);
            assertThat(fixtureAtTheEdge).as("29 days on: the message sent then, not the fixture before it")
                    .isEqualTo(1);
            assertThat(monthLater).as("31 days on: only the message sent since").isEqualTo(1);
        }
    }

    @EachDatabase
    void linksPerEmailAndPerTag(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String keyA = server.tenantKey("tenant-a");
            String keyB = server.tenantKey("tenant-b");
            Fixture f = recordFixture(server, keyA);
            String id = f.emailId();

            JsonNode email = TestServer.json(server.get("/v1/emails/" + id + "/links", keyA));
            JsonNode welcome = TestServer.json(server.get("/v1/stats/links?tag=welcome&" + f.period(), keyA));
            JsonNode promo = TestServer.json(server.get("/v1/stats/links?tag=promo&" + f.period(), keyA));
            JsonNode all = TestServer.json(server.get("/v1/stats/links?" + f.period(), keyA));

            JsonNode expected = TestServer.json("{\"data\": [{\"url\": \"https://shop.example/sale\", "
                    + "\"clicks\": {\"total\": 2, \"human\": 2, \"unique_human\": 1}}]}");
            assertThat(email).isEqualTo(expected);
            assertThat(welcome).isEqualTo(expected);
            assertThat(all).isEqualTo(expected);
            assertThat(promo.get("data")).isEmpty();
            Problems.assertProblem(server.get("/v1/emails/" + id + "/links", keyB), 404);
            Problems.assertProblem(server.get("/v1/emails/msg_01JDQ4YB2C3D4E5F6G7H8J9K0Z/links", keyA), 404);
            assertThat(TestServer.json(server.get("/v1/stats/links?" + f.period(), keyB)).get("data")).isEmpty();
        }
    }

    @EachDatabase
    void badParametersAre400NamingTheParameter(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String key = server.tenantKey("tenant-a");
            String id = recordFixture(server, key).emailId();
            String[][] cases = {
                    {"/v1/stats?from=2026-11-24T00:00:00Z&to=2026-11-22T00:00:00Z", "from"},
                    {"/v1/stats?from=yesterday", "from"},
                    {"/v1/stats?to=2026-13-01T00:00:00Z", "to"},
                    {"/v1/stats?interval=week", "interval"},
                    {"/v1/stats?group_by=color", "group_by"},
                    {"/v1/stats?group_by=all", "group_by"},
                    {"/v1/stats?interval=hour&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "interval"},
                    {"/v1/stats/links?from=2026-11-24T00:00:00Z&to=2026-11-22T00:00:00Z", "from"},
                    {"/v1/stats/links?limit=0", "limit"},
                    {"/v1/stats/links?limit=1001", "limit"},
                    {"/v1/stats/links?tag=" + URLEncoder.encode("a\u0000b", StandardCharsets.UTF_8), "tag"},
                    {"/v1/emails/" + id + "/links?limit=abc", "limit"},
            };
            for (String[] c : cases) {
                StoredState.assertUnchanged(server, key, () -> server.get(c[0], key),
                        response -> Problems.assertProblem(response, 400, c[1]));
            }
            for (String path : List.of("/v1/stats", "/v1/stats/links", "/v1/emails/msg_1/links")) {
                Problems.assertProblem(server.get(path), 401);
                Problems.assertProblem(server.post(path, key, "{}"), 405);
            }
        }
    }

    private static final DateTimeFormatter BUCKET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** How the API writes a bucket's start. */
    static String bucket(Instant start) {
        return BUCKET.format(start);
    }

    static String event(String id, String type, Instant createdAt, String data) {
        return "{\"id\": \"" + id + "\", \"type\": \"" + type + "\", \"created_at\": \"" + createdAt
                + "\", \"data\": {" + data + "}}";
    }

    private static void post(TestServer server, String key, String event) {
        int status = server.post("/v1/events", key, event).statusCode();
        assertThat(status).as(event).isIn(200, 201);
    }
}
