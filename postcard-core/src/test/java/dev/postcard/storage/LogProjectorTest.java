package dev.postcard.storage;

import static dev.postcard.storage.TestEvents.opened;
import static dev.postcard.storage.TestEvents.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.postcard.PostcardException;
import dev.postcard.event.StoredEvent;
import dev.postcard.stats.Counter;
import dev.postcard.stats.Dimension;
import dev.postcard.stats.JdbcStatsStore;
import dev.postcard.stats.StatsCounts;
import dev.postcard.stats.StatsQuery;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

class LogProjectorTest {

    /** Writes a row per projected event: a second projection of an event breaks the primary key and the pass. */
    private static final LogProjection RECORD_IN_SETTINGS = (connection, dialect, events) -> {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO settings (name, value) VALUES (?, ?)")) {
            for (StoredEvent stored : events) {
                insert.setString(1, "projected:" + stored.tenantId() + ":" + stored.event().id());
                insert.setString(2, Long.toString(stored.seq()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    };

    @EachDatabase
    void everyNewEventIsProjectedOnceAndDuplicatesNever(TestDatabase db) throws SQLException {
        JdbcStore store = db.open();
        store.projector().add(RECORD_IN_SETTINGS);

        store.append("default", List.of(withId("evt_1"), withId("evt_2"), withId("evt_1")));
        assertThat(store.projector().pass()).isEqualTo(2);
        store.append("default", List.of(withId("evt_2"), withId("evt_3")));
        store.append("acme", List.of(withId("evt_1")));
        store.projector().catchUp();

        assertThat(projected(store)).containsExactlyInAnyOrder("default:evt_1", "default:evt_2", "default:evt_3",
                "acme:evt_1");
        assertThat(store.projector().pass()).isZero();
    }

    @EachDatabase
    void aFailedPassLeavesThePositionAndTheNextPassProjectsItAllOnce(TestDatabase db) throws SQLException {
        JdbcStore store = db.open();
        AtomicBoolean fail = new AtomicBoolean(true);
        store.projector().add(RECORD_IN_SETTINGS);
        store.projector().add((connection, dialect, events) -> {
            if (fail.get()) {
                throw new SQLException("a crash in the middle of the pass");
            }
        });
        store.append("default", List.of(withId("evt_1"), withId("evt_2")));

        assertThatThrownBy(() -> store.projector().pass()).isInstanceOf(PostcardException.class);
        assertThat(projected(store)).isEmpty();

        fail.set(false);
        store.projector().catchUp();
        assertThat(projected(store)).containsExactlyInAnyOrder("default:evt_1", "default:evt_2");
    }

    @EachDatabase
    void aNewStoreOnTheSameDatabaseGoesOnFromTheCommittedPosition(TestDatabase db) throws SQLException {
        JdbcStore first = db.open();
        first.projector().add(RECORD_IN_SETTINGS);
        first.append("default", List.of(withId("evt_1")));
        first.projector().catchUp();
        first.append("default", List.of(withId("evt_2")));
        first.close(); // evt_2 appended, never projected by this node

        JdbcStore second = db.open();
        second.projector().add(RECORD_IN_SETTINGS);
        second.projector().catchUp();

        assertThat(projected(second)).containsExactlyInAnyOrder("default:evt_1", "default:evt_2");
    }

    @EachDatabase
    void twoNodesProjectingTogetherProjectEachEventOnce(TestDatabase db) throws Exception {
        JdbcStore one = db.open();
        JdbcStore two = db.open();
        one.projector().add(RECORD_IN_SETTINGS);
        two.projector().add(RECORD_IN_SETTINGS);
        List<String> expected = new ArrayList<>();
        AtomicBoolean appending = new AtomicBoolean(true);
        CompletableFuture<Void> passesOfOne = CompletableFuture.runAsync(() -> passWhile(one, appending));
        CompletableFuture<Void> passesOfTwo = CompletableFuture.runAsync(() -> passWhile(two, appending));
        for (int i = 0; i < 40; i++) {
            (i % 2 == 0 ? one : two).append("default", List.of(withId("evt_" + i), withId("evt_x" + i)));
            expected.add("default:evt_" + i);
            expected.add("default:evt_x" + i);
        }
        appending.set(false);
        passesOfOne.get();
        passesOfTwo.get();
        one.projector().catchUp();

        assertThat(projected(one)).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static void passWhile(JdbcStore store, AtomicBoolean appending) {
        while (appending.get()) {
            store.projector().pass();
        }
    }

    /**
     * PostgreSQL gives seqs at insert, not at commit: a transaction that took an earlier seq and commits after a
     * later one must still be projected, once, and not before it commits.
     */
    @EachDatabase
    void aTransactionThatCommitsAfterALaterOneIsProjectedWhenItCommits(TestDatabase db) throws Exception {
        assumeTrue(db.dialect() == Dialect.POSTGRES, "SQLite has one writer: seqs come in commit order");
        JdbcStore store = db.open();
        store.projector().add(RECORD_IN_SETTINGS);
        AppendTransaction appendTransaction = new AppendTransaction(store.dialect(), List.of(), Clock.systemUTC());

        try (Connection early = store.dataSource().getConnection()) {
            early.setAutoCommit(false);
            appendTransaction.write(early, List.of(AppendBatch.of("default", List.of(withId("evt_early")))));
            store.append("default", List.of(withId("evt_late")));

            assertThat(store.projector().pass()).isZero(); // the open transaction holds the horizon back
            early.commit();
        }
        store.projector().catchUp();

        assertThat(projected(store)).containsExactlyInAnyOrder("default:evt_early", "default:evt_late");
        assertThat(store.projector().pass()).isZero();
    }

    @EachDatabase
    void theLagRunsFromTheOldestUnprojectedCommitUntilAPassHasReadIt(TestDatabase db) throws InterruptedException {
        JdbcStore store = db.open();
        store.projector().add(RECORD_IN_SETTINGS);
        assertThat(store.projector().lag()).isZero();

        store.append("default", List.of(withId("evt_1")));
        Thread.sleep(5);
        store.append("default", List.of(withId("evt_2")));
        assertThat(store.projector().lag()).isGreaterThanOrEqualTo(Duration.ofMillis(5));

        store.projector().pass();
        assertThat(store.projector().lag()).isZero();
    }

    @EachDatabase
    void theProjectorFollowsAppendsOnItsOwn(TestDatabase db) throws Exception {
        JdbcStore store = db.open();
        store.projector().add(RECORD_IN_SETTINGS);
        store.projector().afterProjected(events -> {
        });
        store.projector().start();

        store.append("default", List.of(withId("evt_1")));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (projected(store).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(projected(store)).containsExactly("default:evt_1");
        assertThatThrownBy(() -> store.projector().add(RECORD_IN_SETTINGS)).isInstanceOf(IllegalStateException.class);
    }

    /**
     * A database of the release before the projector: its stats were counted in the append transactions, so the
     * projector starts at the head of the log, and a message's earlier opens still count as its first ones.
     */
    @EachDatabase
    void anUpgradedDatabaseCountsNeitherOldEventsNorOldFirstsAgain(TestDatabase db) throws SQLException {
        try (Database old = Database.open(db.url(), StoreOptions.defaults())) {
            Migrations.apply(old, 10);
            old.transaction("the release before", connection -> {
                // What that release's append left of one human open: the event, and the message that counts it.
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO events"
                        + " (tenant_id, id, type, email_id, recipient, created_at, payload)"
                        + " VALUES ('default', 'evt_old', 'email.opened', 'msg_old', 'user@example.com', ?, '{}')")) {
                    insert.setLong(1, TestEvents.T0.toEpochMilli());
                    insert.executeUpdate();
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO messages"
                        + " (id, tenant_id, status, status_rank, opens, human_opens, created_at, updated_at)"
                        + " VALUES ('msg_old', 'default', 'opened', 4, 1, 1, 0, 0)")) {
                    insert.executeUpdate();
                }
                return null;
            });
        }
        JdbcStore store = db.open();
        JdbcStatsStore stats = new JdbcStatsStore(store);
        store.projector().add(stats.projection());

        store.append("default", List.of(opened("msg_old", false), opened("msg_new", false)));

        StatsQuery day = new StatsQuery(TestEvents.T0.minus(Duration.ofHours(1)), TestEvents.T0.plus(Duration.ofHours(1)),
                Optional.empty(), Dimension.ALL);
        StatsCounts counts = stats.query("default", day).getFirst().counts();
        assertThat(counts.get(Counter.OPENS)).isEqualTo(2); // the old open is not counted again
        assertThat(counts.get(Counter.UNIQUE_HUMAN_OPENS)).isEqualTo(1); // msg_new's; msg_old had its first before
    }

    private static List<String> projected(JdbcStore store) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = store.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT name FROM settings WHERE name LIKE 'projected:%' ORDER BY name");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                names.add(rows.getString(1).substring("projected:".length()));
            }
        }
        return names;
    }
}
