package dev.postcard.storage;

import dev.postcard.PostcardException;
import dev.postcard.storage.MigrationScripts.Migration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

/**
 * Brings the schema up to date at start: each pending migration in its own transaction, recorded in
 * {@code schema_migrations}. Nodes that start together queue on a lock (PostgreSQL: an advisory lock held
 * until commit; SQLite: the write lock that {@code BEGIN IMMEDIATE} takes) and then find the work done.
 */
final class Migrations {
    /** Any fixed number works; every Postcard node must use the same one. */
    static final long ADVISORY_LOCK_KEY = 0x706f_7374_6361_7264L; // "postcard"

    private static final System.Logger LOG = System.getLogger(Migrations.class.getName());

    private Migrations() {
    }

    /** Applies every pending migration; returns the versions applied now. */
    static List<Integer> apply(Database database, Clock clock) {
        return apply(database, clock, Integer.MAX_VALUE);
    }

    /** Applies the pending migrations up to {@code lastVersion}: a schema as an older release left it, for tests. */
    static List<Integer> apply(Database database, Clock clock, int lastVersion) {
        List<Migration> migrations = MigrationScripts.load(database.dialect());
        return migrations.stream()
                .filter(migration -> migration.version() <= lastVersion)
                .filter(migration -> database.transaction("migration V" + migration.version(),
                        connection -> applyOne(connection, database.dialect(), migration, clock)))
                .map(Migration::version)
                .toList();
    }

    private static boolean applyOne(Connection connection, Dialect dialect, Migration migration, Clock clock)
            throws SQLException {
        if (dialect == Dialect.POSTGRES) {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, ADVISORY_LOCK_KEY);
                lock.execute();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                    + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        }
        if (applied(connection, migration.version())) {
            return false;
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : SqlScript.statements(migration.sql())) {
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    throw new PostcardException("migration V" + migration.version() + " (" + migration.description()
                            + ") failed at: " + sql + ": " + e.getMessage(), e);
                }
            }
        }
        try (PreparedStatement record = connection.prepareStatement(
                "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)")) {
            record.setInt(1, migration.version());
            record.setString(2, migration.description());
            record.setLong(3, clock.millis());
            record.executeUpdate();
        }
        LOG.log(System.Logger.Level.INFO, "applied migration V{0} ({1})", migration.version(), migration.description());
        return true;
    }

    private static boolean applied(Connection connection, int version) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM schema_migrations WHERE version = ?")) {
            query.setInt(1, version);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
