package dev.postcard.testing;

import dev.postcard.storage.Dialect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Fresh, empty databases for tests. One embedded PostgreSQL serves the whole JVM (started on first use,
 * stopped by a shutdown hook) and every call gets a database of its own; SQLite files live in one temporary
 * directory removed at exit.
 */
public final class TestDatabases {
    private TestDatabases() {
    }

    /** A JDBC URL of a new, empty database of the dialect. */
    public static String freshUrl(Dialect dialect) {
        return switch (dialect) {
            case SQLITE -> freshSqliteUrl();
            case POSTGRES -> freshPostgresUrl();
        };
    }

    /** A new, empty PostgreSQL database; the URL carries the user. */
    public static String freshPostgresUrl() {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
        try (Connection admin = EmbeddedServer.INSTANCE.getPostgresDatabase().getConnection();
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return EmbeddedServer.INSTANCE.getJdbcUrl("postgres", name);
    }

    /** A file in a directory that does not exist yet, so the store has to create it. */
    public static String freshSqliteUrl() {
        Path file = TemporaryDirectory.PATH.resolve(UUID.randomUUID().toString()).resolve("postcard.db");
        return "jdbc:sqlite:" + file;
    }

    /** Started on first use only: SQLite-only runs never pay for PostgreSQL. */
    private static final class EmbeddedServer {
        static final EmbeddedPostgres INSTANCE = start();

        private static EmbeddedPostgres start() {
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException e) {
                        System.err.println("embedded PostgreSQL did not stop: " + e);
                    }
                }, "embedded-postgres-stop"));
                return postgres;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        }
    }

    private static final class TemporaryDirectory {
        static final Path PATH = create();

        private static Path create() {
            try {
                Path directory = Files.createTempDirectory("postcard-test-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory), "sqlite-test-files-delete"));
                return directory;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void delete(Path directory) {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                System.err.println("cannot delete " + directory + ": " + e);
            }
        }
    }
}
