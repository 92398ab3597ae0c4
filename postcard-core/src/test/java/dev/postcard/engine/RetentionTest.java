package dev.postcard.engine;

import static dev.postcard.delivery.TestWebhooks.answered;
import static dev.postcard.delivery.TestWebhooks.webhook;
import static dev.postcard.storage.TestEvents.withId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.delivery.ClaimedDelivery;
import dev.postcard.delivery.DeliveryOutcome;
import dev.postcard.delivery.JdbcDeliveryStore;
import dev.postcard.storage.JdbcStore;
import dev.postcard.storage.StoreOptions;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the retention pass deletes, and what it keeps however old. */
class RetentionTest {
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Retention ONE_DAY = new Retention(Optional.of(Duration.ofDays(1)),
            Optional.of(Duration.ofDays(1)), Optional.of(Duration.ofDays(1)), Optional.of(Duration.ofDays(1)));
    /** The send queue's share, tested with the queue (sending.SendRetentionTest); here an empty queue. */
    private static final Pruner.Sends NO_SENDS = new Pruner.Sends() {
        @Override
        public int pruneCopies(Instant cutoff, int max) {
            return 0;
        }

        @Override
        public int pruneSends(Instant cutoff, Instant now, int max) {
            return 0;
        }
    };

    private final MovableClock clock = MovableClock.atStart();

    private record Fixture(JdbcStore store, JdbcDeliveryStore deliveries, Pruner pruner) {
    }

    private Fixture fixture(TestDatabase db, Retention retention) {
        JdbcStore store = db.open(StoreOptions.defaults().withClock(clock));
        JdbcDeliveryStore deliveries = new JdbcDeliveryStore(store, clock, JdbcDeliveryStore.DEFAULT_CACHE_TTL);
        store.addAppendStep(deliveries.outboxStep());
        store.projector().add((connection, dialect, events) -> {
        });
        return new Fixture(store, deliveries, new Pruner(store, deliveries, NO_SENDS, retention, clock,
                new BackgroundHealth(clock)));
    }

    @EachDatabase
    void eventsAreDeletedOnceTheyWereStoredLongerThanThePeriod(TestDatabase db) throws SQLException {
        Fixture f = fixture(db, ONE_DAY);
        f.store.append("default", List.of(withId("evt_old_1"), withId("evt_old_2")));
        f.pruner.pruneNow(); // notes that the log holds both now
        clock.advance(Duration.ofHours(2));
        f.store.append("default", List.of(withId("evt_new")));
        f.pruner.pruneNow();
        f.store.projector().catchUp();

        clock.advance(Duration.ofHours(23)); // the old ones were stored 25 h ago, the new one at most 23 h ago
        assertThat(f.pruner.pruneNow()).isEqualTo(2);

        assertThat(eventIds(f.store)).containsExactly("evt_new");
        clock.advance(Duration.ofDays(2));
        f.pruner.pruneNow();
        assertThat(eventIds(f.store)).isEmpty();
    }

    @EachDatabase
    void nothingIsDeletedWhileItIsStillNeededOrKeptForGood(TestDatabase db) throws SQLException {
        Fixture f = fixture(db, ONE_DAY);
        f.deliveries.createWebhook(webhook("default", "*"));
        f.store.append("default", List.of(withId("evt_owed")));
        f.pruner.pruneNow();
        f.store.projector().catchUp();
        clock.advance(Duration.ofDays(3));

        f.pruner.pruneNow();
        assertThat(eventIds(f.store)).as("an owed delivery still needs its event").containsExactly("evt_owed");

        Fixture forever = fixture(db, Retention.FOREVER);
        forever.pruner.pruneNow();
        assertThat(eventIds(f.store)).containsExactly("evt_owed");
    }

    @EachDatabase
    void finishedDeliveriesAndOldAttemptsGoPendingOnesStay(TestDatabase db) throws SQLException {
        Fixture f = fixture(db, ONE_DAY);
        f.deliveries.createWebhook(webhook("default", "*"));
        f.store.append("default", List.of(withId("evt_1"), withId("evt_2"), withId("evt_3")));
        List<ClaimedDelivery> claimed = f.deliveries.claimDue("node", clock.instant(), LEASE, 10);
        assertThat(claimed).hasSize(3);
        f.deliveries.recordAttempt("node", answered(claimed.get(0), 204, "ok", clock.instant()), DeliveryOutcome.succeeded());
        f.deliveries.recordAttempt("node", answered(claimed.get(1), 410, "gone", clock.instant()), DeliveryOutcome.failed());
        f.deliveries.recordAttempt("node", answered(claimed.get(2), 503, "busy", clock.instant()),
                DeliveryOutcome.retryAt(clock.instant().plus(Duration.ofDays(5))));

        clock.advance(Duration.ofHours(23));
        f.pruner.pruneNow();
        assertThat(count(f.store, "deliveries")).isEqualTo(3);
        assertThat(count(f.store, "delivery_attempts")).isEqualTo(3);

        clock.advance(Duration.ofHours(2));
        f.pruner.pruneNow();
        assertThat(count(f.store, "deliveries")).as("the one still owed").isEqualTo(1);
        assertThat(count(f.store, "delivery_attempts")).isZero();
    }

    private static List<String> eventIds(JdbcStore store) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = store.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT id FROM events ORDER BY seq");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static long count(JdbcStore store, String table) throws SQLException {
        try (Connection connection = store.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM " + table);
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
