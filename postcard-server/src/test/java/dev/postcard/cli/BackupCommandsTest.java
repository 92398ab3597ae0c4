package dev.postcard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code postcard backup} and {@code postcard restore} on the data directory's SQLite database. */
class BackupCommandsTest {
    @Test
    void backUpThenRestoreTheDataDirectorysDatabase(@TempDir Path dir) {
        Path data = dir.resolve("data");
        assertThat(Cli.run("migrate", "--data-dir", data.toString()).exit()).isZero();
        Path backup = dir.resolve("backups/postcard-1.db");

        Cli.Run backedUp = Cli.run("backup", backup.toString(), "--data-dir", data.toString());

        assertThat(backedUp.exit()).as(backedUp.err()).isZero();
        assertThat(backedUp.out()).startsWith("backed up " + data.resolve("postcard.db").toAbsolutePath() + " to "
                + backup.toAbsolutePath()).contains("schema version");
        assertThat(backup).isRegularFile();

        Cli.Run restored = Cli.run("restore", backup.toString(), "--data-dir", data.toString());

        assertThat(restored.exit()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("restored " + backup.toAbsolutePath())
                .contains("the database it replaced is kept as " + data.toAbsolutePath().resolve("postcard.db.before-restore-"));
    }

    @Test
    void failuresAreOneLine(@TempDir Path dir) throws Exception {
        Path existing = Files.writeString(dir.resolve("existing.db"), "x");

        Cli.Run noDatabase = Cli.run("backup", dir.resolve("b.db").toString(), "--data-dir", dir.resolve("none").toString());
        Cli.Run postgres = Cli.run("backup", existing.toString(), "--database-url", "postgres://u:secret@db/app");
        Cli.Run notABackup = Cli.run("restore", existing.toString(), "--data-dir", dir.resolve("data").toString());

        assertThat(noDatabase.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(noDatabase.err()).startsWith("postcard: there is no database at");
        assertThat(postgres.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(postgres.err()).contains("pg_dump").doesNotContain("secret");
        assertThat(notABackup.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(notABackup.err()).contains("not a Postcard database");
        for (Cli.Run run : new Cli.Run[] {noDatabase, postgres, notABackup}) {
            assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("Exception");
        }
    }
}
