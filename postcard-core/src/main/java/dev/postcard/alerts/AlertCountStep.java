package dev.postcard.alerts;

import dev.postcard.event.EventType;
import dev.postcard.storage.AppendStep;
import dev.postcard.storage.Dialect;
import dev.postcard.storage.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;

/**
 * Counts each newly stored sent, delivered, bounced and complained event in its tenant's minute (by the event's
 * own time), in the event's own transaction: one upsert per counted event, nothing for the others. Duplicates
 * never reach append steps, so they are never counted twice.
 */
public final class AlertCountStep implements AppendStep {
    static final Set<EventType> COUNTED = Set.of(EventType.EMAIL_SENT, EventType.EMAIL_DELIVERED,
            EventType.EMAIL_BOUNCED, EventType.EMAIL_COMPLAINED);

    private static final String UPSERT = "INSERT INTO alert_counts"
            + " (tenant_id, bucket_start, sent, delivered, bounced, complained) VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (tenant_id, bucket_start) DO UPDATE SET"
            + " sent = alert_counts.sent + excluded.sent,"
            + " delivered = alert_counts.delivered + excluded.delivered,"
            + " bounced = alert_counts.bounced + excluded.bounced,"
            + " complained = alert_counts.complained + excluded.complained";

    @Override
    public void apply(Connection connection, Dialect dialect, StoredEvent stored) throws SQLException {
        EventType type = stored.event().type();
        if (!COUNTED.contains(type)) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            upsert.setString(1, stored.tenantId());
            upsert.setLong(2, AlertRows.minuteOf(stored.event().createdAt().toEpochMilli()));
            upsert.setLong(3, type == EventType.EMAIL_SENT ? 1 : 0);
            upsert.setLong(4, type == EventType.EMAIL_DELIVERED ? 1 : 0);
            upsert.setLong(5, type == EventType.EMAIL_BOUNCED ? 1 : 0);
            upsert.setLong(6, type == EventType.EMAIL_COMPLAINED ? 1 : 0);
            upsert.executeUpdate();
        }
    }
}
