package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Acknowledged means durable, and owed means delivered: a server process killed with SIGKILL while writers post
 * events and a receiver takes their webhooks has, once restarted, every event it answered 201 for, each stored
 * once, and delivers every one of them at least once. A webhook arrives twice only when its attempt was under way
 * at the kill (its lease held, its receiver reached, its success not yet recorded): at-least-once, bounded by
 * what was in flight. The stats, which follow the log from a stored position, count each stored event once.
 */
class CrashRecoveryTest {
    // A short attempt timeout keeps the dead process's leases short (timeout + 10 s), so the restart takes over soon.
    private static final String[] SETTINGS = {"--allow-private-networks", "--delivery-timeout", "1s"};

    @EachDatabase
    void everyAcknowledgedEventSurvivesKillNineAndIsDeliveredAtLeastOnce(TestDatabase db) throws Exception {
        Path dataDir = Files.createTempDirectory("postcard-crash");
        // Answering after a while, the receiver has webhooks taken but not yet answered when the kill comes.
        try (WebhookReceiver receiver = WebhookReceiver.answeringAfter(Duration.ofMillis(20))) {
            List<WriteOutcome> outcomes;
            Map<String, Integer> receivedBeforeKill;
            String webhookId;
            long deliveredInStats;
            try (ServerProcess server = ServerProcess.start(db.url(), dataDir, SETTINGS)) {
                webhookId = AdminApi.of(server).subscribe(receiver.url(), "email.delivered");
                try (EventLoad load = EventLoad.start(AdminApi.of(server), "evt_crash", "email.delivered", 8,
                        Duration.ZERO)) {
                    load.await(WriteOutcome::acknowledged, 300, Duration.ofSeconds(60));
                    waitUntil(() -> receiver.counts().size() >= 100, Duration.ofSeconds(60)); // deliveries under way
                    server.kill();
                    receivedBeforeKill = receiver.counts();
                    outcomes = load.stop();
                }
            }
            Set<String> inFlightAtKill = leasedEventIds(db.url());

            try (ServerProcess restarted = ServerProcess.start(db.url(), dataDir, SETTINGS)) {
                AdminApi api = AdminApi.of(restarted);
                waitUntil(() -> noneOwed(api, webhookId), Duration.ofSeconds(60));
                assertThat(noneOwed(api, webhookId)).as("every owed delivery made after the restart; the server said:\n"
                        + restarted.recentOutput()).isTrue();
                deliveredInStats = AdminApi.json(api.get("/v1/stats")).get("data").get(0).get("delivered").asLong();
            }

            Set<String> acknowledged = new HashSet<>();
            outcomes.stream().filter(WriteOutcome::acknowledged).forEach(o -> acknowledged.add(o.id()));
            assertThat(acknowledged).as("events acknowledged before the kill").hasSizeGreaterThanOrEqualTo(300);
            assertThat(receivedBeforeKill).as("webhooks taken before the kill").hasSizeGreaterThanOrEqualTo(100);
            assertThat(outcomes).as("every answer before the kill was 201")
                    .allSatisfy(o -> assertThat(o.acknowledged() || o.error().isPresent()).as(o.toString()).isTrue());

            StoredEvents stored = storedEvents(db.url());
            assertThat(acknowledged).as("events answered 201 but lost by the crash")
                    .allSatisfy(id -> assertThat(stored.ids()).contains(id));
            assertThat(stored.rows()).as("events stored twice").isEqualTo(stored.ids().size());
            assertThat(deliveredInStats).as("stats count each stored event once across the kill").isEqualTo(stored.rows());
            assertThat(acknowledged).as("acknowledged events never delivered")
                    .allSatisfy(id -> assertThat(receiver.counts()).containsKey(id));

            Map<String, Integer> duplicates = receiver.duplicates();
            assertThat(duplicates.keySet()).as("delivered twice though not in flight at the kill (in flight: %s)",
                    inFlightAtKill).allSatisfy(id -> assertThat(inFlightAtKill).contains(id));
            assertThat(duplicates.values()).as("a delivery repeated more than once").allSatisfy(n -> assertThat(n).isEqualTo(2));
            System.out.printf("crash (%s): %d acknowledged, %d delivered before the kill, %d in flight at the kill,"
                    + " %d delivered twice%n", db, acknowledged.size(), receivedBeforeKill.size(), inFlightAtKill.size(),
                    duplicates.size());
        }
    }

    private record StoredEvents(Set<String> ids, int rows) {
    }

    private static StoredEvents storedEvents(String url) throws SQLException {
        Set<String> ids = new HashSet<>();
        int rows = 0;
        try (Connection connection = DriverManager.getConnection(url);
             Statement sql = connection.createStatement();
             ResultSet events = sql.executeQuery("SELECT id FROM events WHERE id LIKE 'evt_crash_%'")) {
            while (events.next()) {
                ids.add(events.getString(1));
                rows++;
            }
        }
        return new StoredEvents(ids, rows);
    }

    /** The events whose delivery the dead process had leased: attempts that may have been under way. */
    private static Set<String> leasedEventIds(String url) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(url);
             Statement sql = connection.createStatement();
             ResultSet leased = sql.executeQuery(
                     "SELECT event_id FROM deliveries WHERE status = 'pending' AND lease_owner IS NOT NULL")) {
            while (leased.next()) {
                ids.add(leased.getString(1));
            }
        }
        return ids;
    }

    private static boolean noneOwed(AdminApi api, String webhookId) {
        try {
            var pending = api.get("/v1/webhooks/" + webhookId + "/deliveries?status=pending&limit=1");
            return pending.statusCode() == 200 && AdminApi.json(pending).get("data").isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private static void waitUntil(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
        }
    }
}
