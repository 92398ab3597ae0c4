package dev.postcard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.PostcardException;
import dev.postcard.tenant.JdbcTenantStore;
import dev.postcard.tenant.Tenant;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    @Test
    void everyShippedMigrationIsFoundInOrder() {
        for (Dialect dialect : Dialect.values()) {
            assertThat(MigrationScripts.load(dialect)).as("migrations of %s", dialect)
                    .isNotEmpty()
                    .first().satisfies(m -> {
                        assertThat(m.version()).isEqualTo(1);
                        assertThat(m.description()).isEqualTo("init");
                        assertThat(SqlScript.statements(m.sql())).hasSizeGreaterThan(5);
                    });
        }
    }

    @EachDatabase
    void migrationsRunOnceHoweverOftenTheStoreOpens(TestDatabase db) throws SQLException {
        db.open().close();
        db.open().close();
        JdbcStore store = db.open();

        assertThat(SchemaHistory.appliedVersions(store.dataSource())).containsExactlyElementsOf(
                MigrationScripts.load(store.dialect()).stream().map(MigrationScripts.Migration::version).toList());
        assertThat(new JdbcTenantStore(store, Clock.systemUTC()).listTenants(Optional.empty(), 100).items()).extracting(Tenant::id).containsExactly("default");
    }

    @EachDatabase
    void aDatabaseOfTheReleaseBeforeFlywayIsTakenOverAsItIs(TestDatabase db) throws Exception {
        int latest = MigrationScripts.load(db.dialect()).getLast().version();
        try (Connection connection = ReleaseBeforeFlyway.connect(db);
             Statement statement = connection.createStatement()) {
            ReleaseBeforeFlyway.migrate(connection, db.dialect(), latest);
            statement.executeUpdate("INSERT INTO settings (name, value) VALUES ('kept', 'yes')");
        }

        JdbcStore store = db.open();

        assertThat(SchemaHistory.baseline(store.dataSource())).containsExactly(latest);
        assertThat(SchemaHistory.appliedVersions(store.dataSource())).as("nothing run again").isEmpty();
        assertThat(store.setting("kept")).hasValue("yes");
        store.append("default", TestEvents.withId("evt_after_the_upgrade"));
        assertThat(store.findEvent("default", "evt_after_the_upgrade")).isPresent();
    }

    @EachDatabase
    void aScriptChangedAfterItRanStopsTheStart(TestDatabase db) throws SQLException {
        db.open().close();
        try (Connection connection = DriverManager.getConnection(db.url());
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE " + Migrations.HISTORY + " SET checksum = 12345 WHERE version = '2'");
        }

        assertThatThrownBy(db::open).isInstanceOf(PostcardException.class)
                .hasMessageContaining("checksum").hasMessageContaining("2");
    }

    @EachDatabase
    void anOlderReleaseRefusesASchemaNewerThanItKnows(TestDatabase db) throws SQLException {
        db.open().close();
        try (Connection connection = DriverManager.getConnection(db.url());
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO " + Migrations.HISTORY + " (installed_rank, version, description, type,"
                    + " script, checksum, installed_by, execution_time, success) VALUES (100, '99', 'from the future',"
                    + " 'SQL', 'V99__from_the_future.sql', 1, 'postcard', 1, " + (db.dialect() == Dialect.SQLITE ? "1" : "true") + ")");
        }
        int known = MigrationScripts.load(db.dialect()).getLast().version();

        assertThatThrownBy(db::open).isInstanceOf(PostcardException.class)
                .hasMessageContaining("schema is at version 99")
                .hasMessageContaining("up to " + known);
    }

    @EachDatabase
    void nodesStartingTogetherMigrateOnce(TestDatabase db) throws Exception {
        List<JdbcStore> nodes = Collections.synchronizedList(new ArrayList<>());

        GroupCommitTest.runConcurrently(4, thread -> nodes.add(db.open()));

        assertThat(nodes).hasSize(4);
        assertThat(SchemaHistory.appliedVersions(nodes.getFirst().dataSource())).hasSize(MigrationScripts.load(db.dialect()).size());
        assertThat(new JdbcTenantStore(nodes.getFirst(), Clock.systemUTC()).findTenant("default")).isPresent();
    }

    @EachDatabase
    void openingWaitsWhileAnotherNodeHoldsTheMigrationLock(TestDatabase db) throws Exception {
        if (db.dialect() == Dialect.SQLITE) {
            db.open().close(); // a WAL database file to lock
        }
        try (Connection otherNode = DriverManager.getConnection(db.url())) {
            holdMigrationLock(otherNode, db.dialect());

            FutureTask<JdbcStore> opening = new FutureTask<>(db::open);
            Thread opener = Thread.ofPlatform().name("opening-store").start(opening);
            awaitQueuedForTheLock(db, opener);
            assertThat(opening).as("open while the lock is held elsewhere").isNotDone();

            otherNode.rollback();
            JdbcStore store = opening.get(15, TimeUnit.SECONDS);
            assertThat(new JdbcTenantStore(store, Clock.systemUTC()).findTenant(Tenant.DEFAULT_ID)).isPresent();
        }
    }

    /**
     * Waits for evidence that {@code opener} queues on the migration lock, not merely that it has not got there
     * yet: on PostgreSQL an advisory lock on the key that is not granted; on SQLite, which shows its waiters to no
     * one, the opener inside a migration and in the driver call that begins its transaction (the lock's wait).
     */
    private static void awaitQueuedForTheLock(TestDatabase db, Thread opener) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection observer = DriverManager.getConnection(db.url())) {
            while (!(db.dialect() == Dialect.POSTGRES ? awaitsAdvisoryLock(observer) : beginsAMigration(opener))) {
                assertThat(opener.isAlive()).as("the opener still runs: it has not passed the lock").isTrue();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the opener never queued for the migration lock");
                }
                Thread.sleep(10);
            }
        }
    }

    private static boolean awaitsAdvisoryLock(Connection observer) throws SQLException {
        // A bigint advisory key shows as its high half in classid and its low half in objid, with objsubid 1.
        try (PreparedStatement waiting = observer.prepareStatement("SELECT count(*) FROM pg_locks "
                + "WHERE locktype = 'advisory' AND NOT granted AND classid::bigint = ? AND objid::bigint = ? "
                + "AND objsubid = 1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            waiting.setLong(1, Migrations.ADVISORY_LOCK_KEY >>> 32);
            waiting.setLong(2, Migrations.ADVISORY_LOCK_KEY & 0xffff_ffffL);
            try (ResultSet rows = waiting.executeQuery()) {
                return rows.next() && rows.getInt(1) > 0;
            }
        }
    }

    private static boolean beginsAMigration(Thread opener) {
        List<String> frames = Arrays.stream(opener.getStackTrace())
                .map(f -> f.getClassName() + "." + f.getMethodName()).toList();
        return frames.contains("org.sqlite.SQLiteConnection.setAutoCommit")
                && frames.stream().anyMatch(f -> f.startsWith(Migrations.class.getName() + "."));
    }

    private static void holdMigrationLock(Connection connection, Dialect dialect) throws SQLException {
        connection.setAutoCommit(false);
        if (dialect == Dialect.POSTGRES) {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, Migrations.ADVISORY_LOCK_KEY);
                lock.execute();
            }
        } else {
            try (Statement write = connection.createStatement()) {
                write.executeUpdate("INSERT INTO settings (name, value) VALUES ('lock', 'held')"); // takes the write lock
            }
        }
    }
}
