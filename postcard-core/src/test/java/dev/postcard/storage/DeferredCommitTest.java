package dev.postcard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.PostcardException;
import dev.postcard.storage.Database.Durability;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Deferred commits (the delivery worker's bookkeeping): committed and visible like any other, without the disk
 * flush, and never leaving a connection that would commit someone else's work unflushed.
 */
class DeferredCommitTest {

    @EachDatabase
    void aDeferredCommitIsCommittedAndFlushesWhileItRuns(TestDatabase db) throws SQLException {
        syncedByDefault(db);
        try (Database database = Database.open(db.url(), StoreOptions.defaults())) {
            database.transaction("create", c -> update(c, "CREATE TABLE t (v INTEGER)"));

            String during = database.transaction(WriteTurns.Lane.BACKGROUND, Durability.DEFERRED, "deferred", c -> {
                update(c, "INSERT INTO t VALUES (1)");
                return setting(c, db);
            });

            assertThat(during).isEqualTo(db.dialect() == Dialect.SQLITE ? "1" : "off"); // NORMAL; off
            String count = database.read("count", c -> query(c, "SELECT COUNT(*) FROM t"));
            assertThat(count).isEqualTo("1");
        }
    }

    @EachDatabase
    void everyConnectionIsSyncedAgainAfterADeferredCommitOrRollback(TestDatabase db) throws SQLException {
        syncedByDefault(db);
        try (Database database = Database.open(db.url(), StoreOptions.defaults())) {
            database.transaction("create", c -> update(c, "CREATE TABLE t (v INTEGER)"));
            String synced = db.dialect() == Dialect.SQLITE ? "2" : "on";
            for (int i = 0; i < 8; i++) {
                database.transaction(WriteTurns.Lane.BACKGROUND, Durability.DEFERRED, "deferred",
                        c -> update(c, "INSERT INTO t VALUES (1)"));
                assertThatThrownBy(() -> database.transaction(WriteTurns.Lane.BACKGROUND, Durability.DEFERRED,
                        "failing", c -> {
                            update(c, "INSERT INTO t VALUES (2)");
                            throw new SQLException("refused after its first statement");
                        })).isInstanceOf(PostcardException.class);
            }

            List<Connection> connections = new ArrayList<>();
            try {
                for (int i = 0; i < StoreOptions.defaults().maxPoolSize(); i++) {
                    connections.add(database.dataSource().getConnection()); // every pooled connection at once
                }
                for (Connection connection : connections) {
                    assertThat(setting(connection, db)).isEqualTo(synced);
                }
            } finally {
                for (Connection connection : connections) {
                    connection.close();
                }
            }
            String kept = database.read("kept", c -> query(c, "SELECT COUNT(*) FROM t WHERE v = 1"));
            String rolledBack = database.read("rolled back", c -> query(c, "SELECT COUNT(*) FROM t WHERE v = 2"));
            assertThat(kept).isEqualTo("8");
            assertThat(rolledBack).isEqualTo("0");
        }
    }

    /**
     * The embedded test PostgreSQL runs with {@code synchronous_commit} off, which would hide whether a deferred
     * transaction turned it off; the test's own database turns it on for every connection opened after this.
     */
    private static void syncedByDefault(TestDatabase db) throws SQLException {
        if (db.dialect() == Dialect.POSTGRES) {
            try (Connection connection = DriverManager.getConnection(db.url())) {
                update(connection, "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = on', "
                        + "current_database()); END $$");
            }
        }
    }

    /** SQLite's {@code synchronous} (2 FULL, 1 NORMAL); PostgreSQL's {@code synchronous_commit}. */
    private static String setting(Connection connection, TestDatabase db) throws SQLException {
        return query(connection, db.dialect() == Dialect.SQLITE ? "PRAGMA synchronous" : "SHOW synchronous_commit");
    }

    private static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static int update(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }
}
