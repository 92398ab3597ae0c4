package dev.postcard.delivery;

import static dev.postcard.delivery.TestWebhooks.attached;
import static dev.postcard.delivery.TestWebhooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.event.EventType;
import dev.postcard.storage.Dialect;
import dev.postcard.storage.JdbcStore;
import dev.postcard.storage.TestEvents;
import dev.postcard.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL an attempt is recorded on its delivery by primary key from the first attempt, before the table
 * has statistics: by the webhook's index it would read every delivery of the webhook for each attempt, a cost
 * that grows with the table until autovacuum first analyses it.
 */
class DeliveryAttemptPlanTest {
    @Test
    void anAttemptGoesToItsDeliveryByPrimaryKeyOnATableNotAnalysedYet() throws Exception {
        try (TestDatabase db = new TestDatabase(Dialect.POSTGRES)) {
            JdbcStore store = db.open();
            JdbcDeliveryStore deliveries = attached(store);
            Webhook hook = webhook("default", "*");
            deliveries.createWebhook(hook);
            try (Connection c = DriverManager.getConnection(db.url()); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE deliveries SET (autovacuum_enabled = false)");
            }
            store.append("default", IntStream.range(0, 500)
                    .mapToObj(i -> TestEvents.email(EventType.EMAIL_DELIVERED, TestEvents.newMessageId())).toList());

            StringBuilder plan = new StringBuilder();
            try (Connection c = DriverManager.getConnection(db.url());
                 PreparedStatement explain = c.prepareStatement("EXPLAIN " + DeliveryRows.COMPLETE_ATTEMPT)) {
                explain.setString(1, "succeeded");
                explain.setLong(2, 1);
                explain.setInt(3, 204);
                explain.setNull(4, Types.VARCHAR);
                explain.setLong(5, 1);
                explain.setLong(6, 1);
                explain.setString(7, "dlv_01JDQ4Z6M7X9K2P8R5T3V1W0YA");
                explain.setString(8, "pending");
                explain.setString(9, "node");
                try (ResultSet rows = explain.executeQuery()) {
                    while (rows.next()) {
                        plan.append(rows.getString(1)).append('\n');
                    }
                }
            }

            assertThat(plan.toString()).contains("deliveries_pkey").doesNotContain("deliveries_by_webhook");
        }
    }
}
