package dev.postcard.storage;

import dev.postcard.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Builds a database as the releases before Flyway did: the same scripts, their bookkeeping in {@code schema_migrations}. */
final class ReleaseBeforeFlyway {
    private ReleaseBeforeFlyway() {
    }

    /** A connection to the test's database, which may not exist yet (a SQLite file's folder is made first). */
    static Connection connect(TestDatabase db) throws IOException, SQLException {
        if (db.dialect() == Dialect.SQLITE) {
            Path file = JdbcUrls.sqliteFile(db.url()).orElseThrow();
            Files.createDirectories(file.getParent());
        }
        return DriverManager.getConnection(db.url());
    }

    /** Runs the scripts up to {@code lastVersion} in auto-commit, each recorded as that runner recorded it. */
    static void migrate(Connection connection, Dialect dialect, int lastVersion) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE schema_migrations ("
                    + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            for (MigrationScripts.Migration migration : MigrationScripts.load(dialect)) {
                if (migration.version() > lastVersion) {
                    continue;
                }
                for (String sql : SqlScript.statements(migration.sql())) {
                    statement.execute(sql);
                }
                statement.executeUpdate("INSERT INTO schema_migrations (version, description, applied_at) VALUES ("
                        + migration.version() + ", '" + migration.description() + "', 0)");
            }
        }
    }
}
