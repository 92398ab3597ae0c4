package dev.postcard.storage;

import dev.postcard.PostcardException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Backups of the embedded SQLite database while Postcard runs, and putting one back while it does not
 * ({@code postcard backup}, {@code postcard restore}). A backup is SQLite's {@code VACUUM INTO}: it reads the
 * database in one transaction, so the copy is the database at one moment while writers go on (WAL), written
 * compacted and without a WAL of its own, then checked ({@code PRAGMA integrity_check}) before it is reported.
 * PostgreSQL has its own tools for this ({@code pg_dump}, continuous archiving); Postcard does not wrap them.
 */
public final class SqliteBackup {
    private static final String FOR_POSTGRES = "backup and restore copy the embedded SQLite database; for PostgreSQL"
            + " use its own tools: pg_dump --format=custom to back up, pg_restore to restore";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * What a backup or a restore produced.
     *
     * @param database      the database file backed up or restored to
     * @param copy          the backup file
     * @param bytes         its size
     * @param schemaVersion the schema version it holds
     * @param replacedKept  on a restore, where the database it replaced was kept
     */
    public record Result(Path database, Path copy, long bytes, String schemaVersion, Optional<Path> replacedKept) {
    }

    private SqliteBackup() {
    }

    /** Writes a checked copy of the SQLite database of {@code jdbcUrl} to {@code file}, which must not exist. */
    public static Result backup(String jdbcUrl, Path file) {
        Path database = sqliteFile(jdbcUrl);
        if (!Files.isRegularFile(database)) {
            throw new PostcardException("there is no database at " + database);
        }
        Path copy = file.toAbsolutePath();
        if (Files.exists(copy)) {
            throw new PostcardException(copy + " exists: a backup does not overwrite a file");
        }
        try {
            Files.createDirectories(copy.getParent());
            try (Connection connection = open(database);
                 PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
                vacuum.setString(1, copy.toString());
                vacuum.execute();
            }
            sync(copy);
            String version = check(copy);
            return new Result(database, copy, Files.size(copy), version, Optional.empty());
        } catch (SQLException | IOException e) {
            throw new PostcardException("cannot back up " + database + " to " + copy + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts the backup {@code file} in place of the SQLite database of {@code jdbcUrl}. The backup is copied next
     * to the database and checked first (a SQLite database, intact, holding a Postcard schema no newer than this
     * release); the database is replaced only when nothing has it open, and is kept beside it, renamed.
     */
    public static Result restore(Path file, String jdbcUrl, Clock clock) {
        Path database = sqliteFile(jdbcUrl);
        Path backup = file.toAbsolutePath();
        if (!Files.isRegularFile(backup)) {
            throw new PostcardException("there is no backup at " + backup);
        }
        Path staged = database.resolveSibling(database.getFileName() + ".restoring");
        try {
            Files.createDirectories(database.getParent());
            Files.copy(backup, staged, StandardCopyOption.REPLACE_EXISTING);
            sync(staged);
            String version;
            try {
                version = check(staged);
                refuseNewerSchema(staged);
            } catch (RuntimeException e) {
                Files.deleteIfExists(staged);
                throw e;
            }
            Optional<Path> kept = Optional.empty();
            if (Files.exists(database)) {
                leaveWal(database);
                Path aside = database.resolveSibling(database.getFileName() + ".before-restore-"
                        + STAMP.format(clock.instant()));
                Files.move(database, aside, StandardCopyOption.ATOMIC_MOVE);
                kept = Optional.of(aside);
            }
            Files.move(staged, database, StandardCopyOption.ATOMIC_MOVE);
            return new Result(database, backup, Files.size(database), version, kept);
        } catch (SQLException | IOException e) {
            throw new PostcardException("cannot restore " + backup + " to " + database + ": " + e.getMessage(), e);
        } finally {
            for (String suffix : List.of("", "-wal", "-shm")) {
                deleteQuietly(staged.resolveSibling(staged.getFileName() + suffix));
            }
        }
    }

    private static Path sqliteFile(String jdbcUrl) {
        String url = DatabaseUrl.parse(jdbcUrl).jdbcUrl();
        if (Dialect.of(url) != Dialect.SQLITE) {
            throw new PostcardException(FOR_POSTGRES);
        }
        return JdbcUrls.sqliteFile(url).orElseThrow(() -> new PostcardException(
                "an in-memory database has nothing to back up: " + JdbcUrls.redact(url)));
    }

    private static Connection open(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
        }
        return connection;
    }

    /** The schema version of an intact Postcard database, or why the file is not one. */
    private static String check(Path file) throws SQLException {
        try (Connection connection = open(file); Statement statement = connection.createStatement()) {
            try (ResultSet integrity = statement.executeQuery("PRAGMA integrity_check")) {
                String verdict = integrity.next() ? integrity.getString(1) : "";
                if (!"ok".equals(verdict)) {
                    throw new PostcardException(file + " is damaged: " + verdict);
                }
            }
            try (ResultSet version = statement.executeQuery("SELECT version FROM " + Migrations.HISTORY
                    + " WHERE success = 1 AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
                if (!version.next()) {
                    throw new PostcardException(file + " holds no Postcard schema");
                }
                return version.getString(1);
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && (e.getMessage().contains("not a database")
                    || e.getMessage().contains("no such table"))) {
                throw new PostcardException(file + " is not a Postcard database (" + e.getMessage() + ")");
            }
            throw e;
        }
    }

    /** A schema this release does not know would be refused at start; refuse it before anything is replaced. */
    private static void refuseNewerSchema(Path staged) {
        List<Schema.Migration> migrations = Schema.info("jdbc:sqlite:" + staged, StoreOptions.defaults());
        migrations.stream().filter(m -> m.state().startsWith("Future")).findFirst().ifPresent(m -> {
            throw new PostcardException("the backup's schema has version " + m.version()
                    + ", newer than this release knows: restore it with the release that made it");
        });
    }

    /**
     * Takes the database out of WAL mode, which SQLite allows only to the one connection that has it open: so
     * this both refuses a database still in use (a running Postcard) and folds the WAL into the file that is kept.
     */
    private static void leaveWal(Path database) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 0");
            String mode;
            try (ResultSet result = statement.executeQuery("PRAGMA journal_mode = DELETE")) {
                mode = result.next() ? result.getString(1) : "";
            } catch (SQLException busy) {
                mode = "busy";
            }
            if (!"delete".equalsIgnoreCase(mode)) {
                throw new PostcardException(database + " is in use: stop Postcard (every node on it) before a restore");
            }
        }
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover staging file is harmless: the next restore replaces it.
        }
    }
}
