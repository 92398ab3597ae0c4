package dev.postcard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** {@code postcard migrate} and {@code postcard info} on a database of their own. */
class SchemaCommandsTest {
    @EachDatabase
    void migrateAppliesWhatIsPendingOnceAndInfoShowsIt(TestDatabase db) {
        Cli.Run before = Cli.run("info", "--database-url", db.url());
        assertThat(before.exit()).as(before.err()).isZero();
        assertThat(before.out()).contains("VERSION", "Pending").doesNotContain("Success");

        Cli.Run first = Cli.run("migrate", "--database-url", db.url());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("applied V1, V2, ");

        Cli.Run again = Cli.run("migrate", "--database-url", db.url());
        assertThat(again.out().strip()).isEqualTo("the schema is up to date");

        Cli.Run after = Cli.run("info", "--database-url", db.url());
        assertThat(after.out()).contains("Success").doesNotContain("Pending");
        assertThat(after.out().lines().filter(l -> l.contains("Success")).count())
                .isEqualTo(first.out().strip().split(", ").length);
    }

    @EachDatabase
    void aSchemaNewerThanThisReleaseIsRefusedWithWhatToDo(TestDatabase db) throws SQLException {
        assertThat(Cli.run("migrate", "--database-url", db.url()).exit()).isZero();
        try (Connection connection = DriverManager.getConnection(db.url());
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type,"
                    + " script, checksum, installed_by, execution_time, success) VALUES (100, '99', 'from the future',"
                    + " 'SQL', 'V99__from_the_future.sql', 1, 'postcard', 1, " + (db.url().startsWith("jdbc:sqlite:") ? "1" : "true") + ")");
        }

        Cli.Run run = Cli.run("migrate", "--database-url", db.url());

        assertThat(run.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).startsWith("postcard: the database schema is at version 99").contains("newer one");
        assertThat(Cli.run("info", "--database-url", db.url()).out()).contains("99", "Future");
    }

    @Test
    void anUnsupportedDatabaseUrlIsOneLineNamingTheFormsAccepted() {
        Cli.Run run = Cli.run("migrate", "--database-url", "mysql://app:hunter2-secret@db.example.com/app");

        assertThat(run.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err().strip()).startsWith("postcard: unsupported database URL").contains("postgres://")
                .doesNotContain("hunter2-secret").doesNotContain("Exception").doesNotContain("\n");
    }
}
