package dev.postcard.storage;

import dev.postcard.PostcardException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date at start with Flyway: the scripts of {@code db/migration/<dialect>}, each in its own
 * transaction, recorded with a checksum in {@code flyway_schema_history}. A script changed after it was applied,
 * or a schema newer than this release knows, stops the start with a message that says which.
 *
 * <p>Nodes that start together queue on a lock and then find the work done: on PostgreSQL an advisory lock
 * (Flyway takes its own too), on SQLite one lock per database in this process (SQLite lives in one process;
 * Flyway takes no lock there).
 *
 * <p>A database of a release before Flyway has {@code schema_migrations}: the first start records its last
 * version as Flyway's baseline and applies only the scripts after it. The old table is left as it was.
 */
final class Migrations {
    /** Any fixed number works; every Postcard node must use the same one. */
    static final long ADVISORY_LOCK_KEY = 0x706f_7374_6361_7264L; // "postcard"
    static final String HISTORY = "flyway_schema_history";

    private static final Map<String, ReentrantLock> SQLITE_LOCKS = new ConcurrentHashMap<>();

    private Migrations() {
    }

    /** Applies every pending migration; returns the versions applied now. */
    static List<Integer> apply(Database database) {
        return apply(database, OptionalInt.empty());
    }

    /** Applies the pending migrations up to {@code lastVersion}: a schema as an older release left it, for tests. */
    static List<Integer> apply(Database database, int lastVersion) {
        return apply(database, OptionalInt.of(lastVersion));
    }

    private static List<Integer> apply(Database database, OptionalInt lastVersion) {
        return locked(database, () -> {
            try {
                MigrateResult result = flyway(database, lastVersion).migrate();
                return result.migrations.stream().map(m -> Integer.parseInt(m.version)).toList();
            } catch (FlywayException e) {
                throw new PostcardException(explain(database, e), e);
            }
        });
    }

    /** Flyway's words, or plainer ones for the failure an operator meets most: an older release started. */
    private static String explain(Database database, FlywayException failure) {
        List<MigrationInfo> all;
        try {
            all = info(database);
        } catch (RuntimeException e) {
            return "cannot bring the database schema up to date: " + failure.getMessage();
        }
        String known = all.stream().filter(m -> !future(m) && m.getVersion() != null)
                .map(m -> m.getVersion().getVersion()).reduce((a, b) -> b).orElse("none");
        return all.stream().filter(Migrations::future)
                .map(m -> m.getVersion().getVersion()).reduce((a, b) -> b)
                .map(newest -> "the database schema is at version " + newest + ", newer than this release of Postcard"
                        + " knows (up to " + known + "): start the release that upgraded it, or a newer one")
                .orElse("cannot bring the database schema up to date: " + failure.getMessage());
    }

    /** Applied by a release newer than this one: a version this release has no script for. */
    private static boolean future(MigrationInfo migration) {
        return migration.getState() == MigrationState.FUTURE_SUCCESS || migration.getState() == MigrationState.FUTURE_FAILED;
    }

    /** Every migration this release knows, applied or not, and those the database has that it does not. */
    static List<MigrationInfo> info(Database database) {
        try {
            return List.of(flyway(database, OptionalInt.empty()).info().all());
        } catch (FlywayException e) {
            throw new PostcardException("cannot read the database schema's history: " + e.getMessage(), e);
        }
    }

    private static Flyway flyway(Database database, OptionalInt lastVersion) {
        FluentConfiguration config = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(database.dataSource())
                .locations("classpath:" + location(database.dialect()))
                .table(HISTORY)
                // Flyway ignores applied migrations it does not know ("future") by default: an older release
                // would then run on a schema it does not understand. Nothing is ignored.
                .ignoreMigrationPatterns(new String[0])
                .cleanDisabled(true);
        lastVersion.ifPresent(v -> config.target(MigrationVersion.fromVersion(Integer.toString(v))));
        OptionalInt adopted = database.read("read the schema history", Migrations::versionBeforeFlyway);
        if (adopted.isPresent()) {
            config.baselineOnMigrate(true)
                    .baselineVersion(MigrationVersion.fromVersion(Integer.toString(adopted.getAsInt())))
                    .baselineDescription("schema_migrations of an earlier release");
        }
        return config.load();
    }

    static String location(Dialect dialect) {
        return "db/migration/" + switch (dialect) {
            case SQLITE -> "sqlite";
            case POSTGRES -> "postgres";
        };
    }

    /** The last version an earlier release recorded in {@code schema_migrations}, when Flyway has no history yet. */
    private static OptionalInt versionBeforeFlyway(Connection connection) throws SQLException {
        if (hasTable(connection, HISTORY) || !hasTable(connection, "schema_migrations")) {
            return OptionalInt.empty();
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT MAX(version) FROM schema_migrations");
             ResultSet rows = select.executeQuery()) {
            int version = rows.next() ? rows.getInt(1) : 0;
            return version > 0 ? OptionalInt.of(version) : OptionalInt.empty();
        }
    }

    private static boolean hasTable(Connection connection, String name) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, null, name, new String[] {"TABLE"})) {
            return tables.next();
        }
    }

    private interface Work<T> {
        T run();
    }

    private static <T> T locked(Database database, Work<T> work) {
        if (database.dialect() == Dialect.SQLITE) {
            ReentrantLock lock = SQLITE_LOCKS.computeIfAbsent(database.dataSource().getJdbcUrl(), url -> new ReentrantLock());
            lock.lock();
            try {
                return work.run();
            } finally {
                lock.unlock();
            }
        }
        // A session lock on a connection of its own, so that Flyway's connections are free to work meanwhile.
        try (Connection connection = database.dataSource().getConnection()) {
            advisory(connection, "SELECT pg_advisory_lock(?)");
            try {
                return work.run();
            } finally {
                advisory(connection, "SELECT pg_advisory_unlock(?)");
            }
        } catch (SQLException e) {
            throw database.failure("take the migration lock", e);
        }
    }

    private static void advisory(Connection connection, String sql) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(sql)) {
            lock.setLong(1, ADVISORY_LOCK_KEY);
            lock.execute();
        }
    }
}
