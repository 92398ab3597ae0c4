package dev.postcard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.PostcardException;
import dev.postcard.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code postcard backup} and {@code restore} on real SQLite files, with Postcard's pool holding them open. */
class SqliteBackupTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aBackupWhileTheStoreRunsHoldsWhatWasCommittedAndIsChecked() throws SQLException {
        String url = TestDatabases.freshSqliteUrl();
        try (JdbcStore store = JdbcStore.open(url)) {
            execute(url, "CREATE TABLE marker (n INTEGER)", "INSERT INTO marker VALUES (1), (2), (3)");

            SqliteBackup.Result result = SqliteBackup.backup(url, dir.resolve("nested/postcard-backup.db"));

            assertThat(result.copy()).isEqualTo(dir.resolve("nested/postcard-backup.db"));
            assertThat(result.bytes()).isEqualTo(fileSize(result.copy()));
            assertThat(Integer.parseInt(result.schemaVersion())).isPositive();
            assertThat(count("jdbc:sqlite:" + result.copy(), "marker")).isEqualTo(3);
            assertThat(Files.exists(Path.of(result.copy() + "-wal"))).as("the copy has no WAL of its own").isFalse();
        }
    }

    @Test
    void aBackupNeverOverwritesAndNeedsADatabase() throws Exception {
        String url = TestDatabases.freshSqliteUrl();
        Path existing = Files.writeString(dir.resolve("existing.db"), "keep me");
        assertThatThrownBy(() -> SqliteBackup.backup(url, dir.resolve("b.db")))
                .isInstanceOf(PostcardException.class).hasMessageStartingWith("there is no database at");
        try (JdbcStore store = JdbcStore.open(url)) {
            assertThatThrownBy(() -> SqliteBackup.backup(url, existing))
                    .isInstanceOf(PostcardException.class).hasMessageContaining("does not overwrite");
        }
        assertThat(Files.readString(existing)).isEqualTo("keep me");
    }

    @Test
    void postgresIsLeftToItsOwnTools() {
        assertThatThrownBy(() -> SqliteBackup.backup("postgres://u:secret@db.example.com/app", dir.resolve("b")))
                .isInstanceOf(PostcardException.class).hasMessageContaining("pg_dump").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> SqliteBackup.restore(dir.resolve("b"), "jdbc:postgresql://db/app", CLOCK))
                .isInstanceOf(PostcardException.class).hasMessageContaining("pg_restore");
    }

    @Test
    void aRestoreIsRefusedWhileTheDatabaseIsOpenAndReplacesItOnceClosed() throws SQLException {
        String url = TestDatabases.freshSqliteUrl();
        Path database = JdbcUrls.sqliteFile(url).orElseThrow();
        Path backup = dir.resolve("backup.db");
        try (JdbcStore store = JdbcStore.open(url)) {
            execute(url, "CREATE TABLE marker (n INTEGER)", "INSERT INTO marker VALUES (1)");
            SqliteBackup.backup(url, backup);
            execute(url, "INSERT INTO marker VALUES (2), (3)");

            assertThatThrownBy(() -> SqliteBackup.restore(backup, url, CLOCK))
                    .isInstanceOf(PostcardException.class).hasMessageContaining("is in use");
        }
        assertThat(count(url, "marker")).as("a refused restore changes nothing").isEqualTo(3);
        assertThat(Files.exists(Path.of(database + ".restoring"))).isFalse();

        SqliteBackup.Result result = SqliteBackup.restore(backup, url, CLOCK);

        assertThat(count(url, "marker")).isEqualTo(1);
        assertThat(result.replacedKept()).contains(Path.of(database + ".before-restore-20260301T101530Z"));
        assertThat(count("jdbc:sqlite:" + result.replacedKept().orElseThrow(), "marker")).isEqualTo(3);
        try (JdbcStore reopened = JdbcStore.open(url)) {
            assertThat(count(url, "marker")).as("Postcard opens the restored database").isEqualTo(1);
        }
    }

    @Test
    void onlyAnIntactPostcardDatabaseIsRestored() throws Exception {
        String url = TestDatabases.freshSqliteUrl();
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a database at all, just some text");
        Path other = dir.resolve("other.db");
        execute("jdbc:sqlite:" + other, "CREATE TABLE t (x INTEGER)");

        assertThatThrownBy(() -> SqliteBackup.restore(text, url, CLOCK))
                .isInstanceOf(PostcardException.class).hasMessageContaining("not a Postcard database");
        assertThatThrownBy(() -> SqliteBackup.restore(other, url, CLOCK))
                .isInstanceOf(PostcardException.class).hasMessageContaining("not a Postcard database");
        assertThatThrownBy(() -> SqliteBackup.restore(dir.resolve("missing.db"), url, CLOCK))
                .isInstanceOf(PostcardException.class).hasMessageStartingWith("there is no backup at");
        assertThat(JdbcUrls.sqliteFile(url).orElseThrow()).doesNotExist();
    }

    private static void execute(String url, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static int count(String url, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
            r.next();
            return r.getInt(1);
        }
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
