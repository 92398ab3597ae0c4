package dev.postcard.alerts;

import dev.postcard.event.EventType;
import dev.postcard.event.StoredEvent;
import dev.postcard.storage.Dialect;
import dev.postcard.storage.LogProjection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts each stored sent, delivered, bounced and complained event in its tenant's minute (by the event's own
 * time), as a projection of the log: the events of a chunk are folded into one upsert per tenant and minute.
 * Duplicates never reach the log, and the projector hands each event over once, so none is counted twice.
 */
final class AlertCountStep implements LogProjection {
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
    public void project(Connection connection, Dialect dialect, List<StoredEvent> fresh) throws SQLException {
        // Sorted by key so that concurrent writers take the rows' locks in the same order.
        Map<Minute, long[]> counts = new TreeMap<>();
        for (StoredEvent stored : fresh) {
            EventType type = stored.event().type();
            if (COUNTED.contains(type)) {
                long[] c = counts.computeIfAbsent(new Minute(stored.tenantId(),
                        AlertRows.minuteOf(stored.event().createdAt().toEpochMilli())), k -> new long[4]);
                switch (type) {
                    case EMAIL_SENT -> c[0]++;
                    case EMAIL_DELIVERED -> c[1]++;
                    case EMAIL_BOUNCED -> c[2]++;
                    default -> c[3]++;
                }
            }
        }
        if (counts.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            for (Map.Entry<Minute, long[]> entry : counts.entrySet()) {
                upsert.setString(1, entry.getKey().tenantId());
                upsert.setLong(2, entry.getKey().start());
                for (int i = 0; i < 4; i++) {
                    upsert.setLong(3 + i, entry.getValue()[i]);
                }
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private record Minute(String tenantId, long start) implements Comparable<Minute> {
        @Override
        public int compareTo(Minute other) {
            int byTenant = tenantId.compareTo(other.tenantId);
            return byTenant != 0 ? byTenant : Long.compare(start, other.start);
        }
    }
}
