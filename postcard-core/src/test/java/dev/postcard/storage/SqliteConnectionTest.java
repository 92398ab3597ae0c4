package dev.postcard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.PostcardException;
import dev.postcard.StorageUnavailableException;
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

    /**
     * On a full disk SQLite rolls a transaction back by itself, and the caller's rollback finds none (DiskFullTest in
     * postcard-server shows it on a real full file system; here the transaction is ended behind the driver's back).
     * The connection must not serve again as it is: it would commit each later statement on its own.
     */
    @Test
    void aConnectionWhoseTransactionSqliteEndedByItselfServesNoOtherTransaction() {
        try (Database database = Database.open(TestDatabases.freshSqliteUrl(), StoreOptions.defaults())) {
            database.transaction("create", c -> update(c, "CREATE TABLE t (v INTEGER)"));
            assertThatThrownBy(() -> database.transaction("fill", c -> {
                update(c, "INSERT INTO t VALUES (1)");
                update(c, "ROLLBACK");
                throw new SQLException("[SQLITE_FULL] database or disk is full");
            })).isInstanceOf(StorageUnavailableException.class);

            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> database.transaction("refused", c -> {
                    update(c, "INSERT INTO t VALUES (2)");
                    throw new SQLException("refused after its first statement");
                })).isInstanceOf(PostcardException.class).hasMessageContaining("refused after");
                database.transaction("kept", c -> update(c, "INSERT INTO t VALUES (3)"));
            }

            List<String> counts = database.read("count", c -> {
                try (Statement statement = c.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT v, COUNT(*) FROM t GROUP BY v")) {
                    List<String> found = new ArrayList<>();
                    while (rows.next()) {
                        found.add(rows.getInt(1) + "x" + rows.getInt(2));
                    }
                    return found;
                }
            });
            assertThat(counts).as("rolled back whole, committed whole").containsExactly("3x4");
        }
    }

    private static Void update(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
        return null;
    }

    private static String pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA " + name)) {
            assertThat(row.next()).isTrue();
            return row.getString(1);
        }
    }
}
