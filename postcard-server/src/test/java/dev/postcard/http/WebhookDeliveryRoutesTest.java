package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.delivery.ClaimedDelivery;
import dev.postcard.delivery.DeliveryAttempt;
import dev.postcard.delivery.DeliveryOutcome;
import dev.postcard.delivery.JdbcDeliveryStore;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code /v1/webhooks/{id}/deliveries}, {@code /v1/deliveries/{id}}, retry and replay. */
class WebhookDeliveryRoutesTest {
    private static final String OWNER = "test-node";

    @EachDatabase
    void aStoredEventIsOwedToEveryMatchingWebhook(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String matching = Webhooks.createFor(server, ADMIN_KEY, "[\"delivered\"]");
            String other = Webhooks.createFor(server, ADMIN_KEY, "[\"email.bounced\"]");
            String eventId = postDelivered(server);

            JsonNode page = TestServer.json(server.get("/v1/webhooks/" + matching + "/deliveries", ADMIN_KEY));
            assertThat(page.get("data")).hasSize(1);
            JsonNode delivery = page.get("data").get(0);
            assertThat(delivery.get("id").asText()).startsWith("dlv_");
            assertThat(delivery.get("event_id").asText()).isEqualTo(eventId);
            // hooks.example.com takes nothing from us and the server's clock stands still: the first attempt
            // leaves the delivery pending, its retry due only when the test moves the clock.
            assertThat(delivery.get("status").asText()).isEqualTo("pending");
            assertThat(delivery.properties()).extracting(e -> e.getKey()).contains("id", "event_id", "status",
                    "attempts", "next_attempt_at", "last_status_code", "last_error", "created_at", "completed_at");
            assertThat(page.get("next_cursor").isNull()).isTrue();
            assertThat(TestServer.json(server.get("/v1/webhooks/" + other + "/deliveries", ADMIN_KEY)).get("data"))
                    .as("a webhook not subscribed to the type is owed nothing").isEmpty();

            JsonNode read = TestServer.json(server.get("/v1/deliveries/" + delivery.get("id").asText(), ADMIN_KEY));
            assertThat(read.get("event_id").asText()).isEqualTo(eventId);
            assertThat(read.get("attempts").isInt()).isTrue();
            assertThat(read.get("attempt_log").isArray()).as("the logged attempts, oldest first").isTrue();
        }
    }

    @EachDatabase
    void deliveriesAreFilteredByStatus(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String id = Webhooks.createFor(server, ADMIN_KEY, "[\"*\"]");
            postDelivered(server);
            postDelivered(server);
            record(server, claim(server), new DeliveryOutcome.Succeeded());

            assertThat(statuses(server, id, "")).containsExactlyInAnyOrder("pending", "succeeded");
            assertThat(statuses(server, id, "?status=pending")).containsExactly("pending");
            assertThat(statuses(server, id, "?status=succeeded")).containsExactly("succeeded");
            assertThat(statuses(server, id, "?status=failed")).isEmpty();
            Problems.assertProblem(server.get("/v1/webhooks/" + id + "/deliveries?status=lost", ADMIN_KEY), 400, "status");
        }
    }

    private static List<String> statuses(TestServer server, String webhookId, String query) {
        JsonNode page = TestServer.json(server.get("/v1/webhooks/" + webhookId + "/deliveries" + query, ADMIN_KEY));
        List<String> statuses = new java.util.ArrayList<>();
        page.get("data").forEach(d -> statuses.add(d.get("status").asText()));
        return statuses;
    }

    /** Records an attempt on a delivery this test claimed, as the worker would. */
    private static void record(TestServer server, ClaimedDelivery claimed, DeliveryOutcome outcome) {
        int status = outcome instanceof DeliveryOutcome.Succeeded ? 200 : 500;
        DeliveryAttempt attempt = new DeliveryAttempt(0, claimed.delivery().id(), claimed.delivery().tenantId(),
                claimed.delivery().webhookId(), server.now(), OptionalInt.of(status), Duration.ofMillis(42),
                Optional.of("answered by the test"), Optional.empty(), Optional.empty());
        assertThat(server.server().postcard().deliveries().recordAttempt(OWNER, attempt, outcome)).isTrue();
    }

    @EachDatabase
    void onlyAFailedDeliveryCanBeRetried(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String id = Webhooks.createFor(server, ADMIN_KEY, "[\"*\"]");
            postDelivered(server);
            // hooks.example.com accepts nothing from us: the delivery is pending (or retrying, still pending).
            String deliveryId = TestServer.json(server.get("/v1/webhooks/" + id + "/deliveries?status=pending",
                    ADMIN_KEY)).get("data").get(0).get("id").asText();

            Problems.assertProblem(server.post("/v1/deliveries/" + deliveryId + "/retry", ADMIN_KEY, ""), 409);
            Problems.assertProblem(server.post("/v1/deliveries/dlv_unknown/retry", ADMIN_KEY, ""), 404);
            Problems.assertProblem(server.get("/v1/deliveries/dlv_unknown", ADMIN_KEY), 404);
        }
    }

    @EachDatabase
    void aFailedDeliveryIsRetriedAndItsAttemptsAreShown(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String id = Webhooks.createFor(server, ADMIN_KEY, "[\"*\"]");
            postDelivered(server);
            ClaimedDelivery claimed = claim(server);
            DeliveryAttempt attempt = new DeliveryAttempt(0, claimed.delivery().id(), claimed.delivery().tenantId(),
                    id, server.now(), OptionalInt.of(500), Duration.ofMillis(42), Optional.of("boom from the test"),
                    Optional.empty(), Optional.empty());
            assertThat(server.server().postcard().deliveries().recordAttempt(OWNER, attempt, new DeliveryOutcome.Failed()))
                    .isTrue();
            String deliveryId = claimed.delivery().id();

            JsonNode failed = TestServer.json(server.get("/v1/deliveries/" + deliveryId, ADMIN_KEY));
            assertThat(failed.get("status").asText()).isEqualTo("failed");
            assertThat(failed.get("last_status_code").asInt()).isEqualTo(500);
            assertThat(failed.get("attempt_log")).anySatisfy(logged -> {
                assertThat(logged.get("status_code").asInt()).isEqualTo(500);
                assertThat(logged.get("latency_ms").asLong()).isEqualTo(42);
                assertThat(logged.get("response_excerpt").asText()).isEqualTo("boom from the test");
                assertThat(logged.has("time")).isTrue();
            });

            HttpResponse<String> retried = server.post("/v1/deliveries/" + deliveryId + "/retry", ADMIN_KEY, "");
            assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
            assertThat(TestServer.json(retried).get("id").asText()).isEqualTo(deliveryId);
            assertThat(TestServer.json(retried).get("status").asText()).isEqualTo("pending");
        }
    }

    // Claims far ahead of now, so a delivery the server's own worker has already tried (and rescheduled) is
    // taken too; while the worker holds the lease, wait.
    private static ClaimedDelivery claim(TestServer server) {
        JdbcDeliveryStore deliveries = server.server().postcard().deliveries();
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline) {
            List<ClaimedDelivery> claimed = deliveries.claimDue(OWNER, server.now().plus(Duration.ofDays(1)),
                    Duration.ofMinutes(5), 1);
            if (!claimed.isEmpty()) {
                return claimed.getFirst();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no pending delivery could be claimed");
    }

    @EachDatabase
    void anotherTenantsDeliveriesAreNotFound(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String keyB = server.tenantKey("tenant-b");
            String id = Webhooks.createFor(server, ADMIN_KEY, "[\"*\"]");
            postDelivered(server);
            String deliveryId = TestServer.json(server.get("/v1/webhooks/" + id + "/deliveries", ADMIN_KEY))
                    .get("data").get(0).get("id").asText();

            Problems.assertProblem(server.get("/v1/deliveries/" + deliveryId, keyB), 404);
            Problems.assertProblem(server.post("/v1/deliveries/" + deliveryId + "/retry", keyB, ""), 404);
        }
    }

    @EachDatabase
    void replayDeliversThePeriodAgain(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            Instant since = server.now().minusSeconds(60);
            String id = Webhooks.createFor(server, ADMIN_KEY, "[\"*\"]");
            postDelivered(server);
            String period = "\"since\": \"" + since + "\", \"until\": \"" + server.now().plusSeconds(60) + "\"";

            HttpResponse<String> none = server.post("/v1/webhooks/" + id + "/replay", ADMIN_KEY,
                    "{" + period + ", \"types\": [\"bounced\"]}");
            assertThat(none.statusCode()).as(none.body()).isEqualTo(202);
            assertThat(TestServer.json(none).get("replayed").asInt()).as("no bounce in the period").isZero();

            HttpResponse<String> whilePending = server.post("/v1/webhooks/" + id + "/replay", ADMIN_KEY,
                    "{" + period + ", \"types\": [\"email.delivered\"]}");
            assertThat(whilePending.statusCode()).as(whilePending.body()).isEqualTo(202);
            assertThat(TestServer.json(whilePending).get("replayed").asInt())
                    .as("an event whose delivery is still pending is not owed twice").isZero();

            record(server, claim(server), new DeliveryOutcome.Succeeded());
            HttpResponse<String> replayed = server.post("/v1/webhooks/" + id + "/replay", ADMIN_KEY,
                    "{" + period + ", \"types\": [\"email.delivered\"]}");
            assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(202);
            assertThat(TestServer.json(replayed).get("replayed").asInt()).as("the delivered event, once more").isOne();
            assertThat(statuses(server, id, "")).containsExactlyInAnyOrder("succeeded", "pending");
        }
    }

    @EachDatabase
    void aDryRunCountsWhatAReplayWouldSendAndWindowsAddUpToTheWhole(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            Instant t0 = server.now().minusSeconds(3600);
            // One event on each window edge and one at the period's end: since is inclusive, until exclusive.
            for (int i = 0; i <= 3; i++) {
                postDeliveredAt(server, t0.plusSeconds(i));
            }
            postAt(server, "email.bounced", t0.plusMillis(1500));
            // Created after the events: none is owed to it, so every one of them is replayable.
            String id = Webhooks.createFor(server, ADMIN_KEY, "[\"*\"]");
            String path = "/v1/webhooks/" + id + "/replay";

            assertThat(dryRun(server, path, t0, t0.plusSeconds(3), "")).isEqualTo(4);
            assertThat(dryRun(server, path, t0, t0.plusSeconds(3), ", \"types\": [\"delivered\"]")).isEqualTo(3);
            long windows = 0;
            for (int i = 0; i < 3; i++) {
                windows += dryRun(server, path, t0.plusSeconds(i), t0.plusSeconds(i + 1), "");
            }
            assertThat(windows).as("no event twice or lost at the window edges").isEqualTo(4);
            assertThat(TestServer.json(server.get(path.replace("/replay", "/deliveries"), ADMIN_KEY)).get("data"))
                    .as("a dry run changes nothing").isEmpty();

            int replayed = 0;
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> window = server.post(path, ADMIN_KEY, "{" + period(t0.plusSeconds(i),
                        t0.plusSeconds(i + 1)) + "}");
                assertThat(window.statusCode()).as(window.body()).isEqualTo(202);
                replayed += TestServer.json(window).get("replayed").asInt();
            }
            assertThat(replayed).isEqualTo(4);
            assertThat(dryRun(server, path, t0, t0.plusSeconds(3), "")).as("now pending, owed once only").isZero();

            Problems.assertProblem(server.post(path, ADMIN_KEY, "{" + period(t0, t0) + ", \"dry_run\": true}"), 400,
                    "until");
            Problems.assertProblem(server.post(path, ADMIN_KEY, "{" + period(t0, t0.plusSeconds(1))
                    + ", \"dry_run\": \"yes\"}"), 400, "dry_run");
            Problems.assertProblem(server.post(path, ADMIN_KEY, "{" + period(t0, t0.plusSeconds(1))
                    + ", \"dry_run\": true, \"types\": [\"nope\"]}"), 400, "types");
            Problems.assertProblem(server.post("/v1/webhooks/wh_nope/replay", ADMIN_KEY, "{" + period(t0,
                    t0.plusSeconds(1)) + ", \"dry_run\": true}"), 404);
        }
    }

    private static long dryRun(TestServer server, String path, Instant since, Instant until, String more) {
        HttpResponse<String> counted = server.post(path, ADMIN_KEY, "{" + period(since, until) + ", \"dry_run\": true"
                + more + "}");
        assertThat(counted.statusCode()).as(counted.body()).isEqualTo(200);
        return TestServer.json(counted).get("events").asLong();
    }

    private static String period(Instant since, Instant until) {
        return "\"since\": \"" + since + "\", \"until\": \"" + until + "\"";
    }

    private static void postDeliveredAt(TestServer server, Instant at) {
        postAt(server, "email.delivered", at);
    }

    private static void postAt(TestServer server, String type, Instant at) {
        HttpResponse<String> created = server.post("/v1/events", ADMIN_KEY, "{\"type\": \"" + type
                + "\", \"created_at\": \"" + at + "\", \"data\": {\"to\": \"ada@example.com\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private static String postDelivered(TestServer server) {
        HttpResponse<String> created = server.post("/v1/events", ADMIN_KEY,
                "{\"type\": \"email.delivered\", \"data\": {\"to\": \"ada@example.com\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return TestServer.json(created).get("id").asText();
    }
}
