package dev.postcard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What only SQLite needs: its file, and the pragmas that make it durable and patient. */
class SqliteConnectionTest {

    @Test
    void everyPooledConnectionHasTheDurabilityPragmas() throws SQLException {
        try (JdbcStore store = JdbcStore.open(TestDatabases.freshSqliteUrl())) {
            List<Connection> connections = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    connections.add(store.dataSource().getConnection()); // held at once: four distinct connections
                }
                for (Connection connection : connections) {
                    assertThat(pragma(connection, "journal_mode")).isEqualToIgnoringCase("wal");
                    assertThat(pragma(connection, "synchronous")).as("FULL").isEqualTo("2");
                    assertThat(pragma(connection, "busy_timeout")).isEqualTo("10000");
                    assertThat(pragma(connection, "foreign_keys")).isEqualTo("1");
                }
            } finally {
                for (Connection connection : connections) {
                    connection.close();
                }
            }
        }
    }

    @Test
    void missingDirectoriesAreCreated() {
        String url = TestDatabases.freshSqliteUrl();
        Path file = Path.of(url.substring("jdbc:sqlite:".length()));
        assertThat(file.getParent()).doesNotExist();

        try (JdbcStore store = JdbcStore.open(url)) {
            assertThat(store.ping()).isTrue();
        }

        assertThat(Files.exists(file)).isTrue();
    }

    @Test
    void inMemoryDatabaseIsRefusedBecauseEachConnectionWouldSeeAnother() {
        assertThatThrownBy(() -> JdbcStore.open("jdbc:sqlite::memory:"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file");
    }

    private static String pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA " + name)) {
            assertThat(row.next()).isTrue();
            return row.getString(1);
        }
    }
}
