package dev.postcard.sending;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.storage.Dialect;
import dev.postcard.storage.JdbcStore;
import dev.postcard.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * On SQLite the retention pass finds its rows by the V16 indexes, not by reading every copy or send: a partial index
 * serves only a query that names its condition as written, so a changed list of statuses would silently scan.
 */
class SendRetentionPlanTest {
    @Test
    void finishedCopiesAndEmptySendsAreFoundByTheirIndexes() throws SQLException {
        try (TestDatabase db = new TestDatabase(Dialect.SQLITE)) {
            JdbcStore store = db.open();
            assertThat(plan(store, SendRetention.pruneCopiesSql(Dialect.SQLITE), 2))
                    .contains("USING INDEX send_recipients_finished");
            assertThat(plan(store, SendRetention.PRUNE_SENDS, 3))
                    .contains("USING INDEX sends_by_created")
                    .contains("USING COVERING INDEX send_recipients_by_send");
        }
    }

    private static String plan(JdbcStore store, String sql, int parameters) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement explain = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            for (int i = 1; i <= parameters; i++) {
                explain.setLong(i, 1);
            }
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString("detail")).append('\n');
                }
            }
        }
        return plan.toString();
    }
}
