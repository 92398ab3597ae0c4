package dev.postcard.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.TestDatabases;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/** What the pool gauges read: connections lent out, idle, the maximum, and nothing once closed. */
class PoolStateTest {
    @Test
    void aConnectionLentOutIsActiveAndAClosedPoolIsEmpty() throws Exception {
        JdbcStore store = JdbcStore.open(TestDatabases.freshSqliteUrl(), StoreOptions.defaults().withMaxPoolSize(4));
        Database database = store.database();
        try (Connection held = database.dataSource().getConnection()) {
            Database.PoolState state = database.pool();
            assertThat(state.active()).isGreaterThanOrEqualTo(1);
            assertThat(state.max()).isEqualTo(4);
            assertThat(state.waiting()).isZero();
        }
        store.close();
        assertThat(database.pool()).isEqualTo(new Database.PoolState(0, 0, 0, 0));
    }
}
