package dev.postcard.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** The SQL of delivery retention: finished deliveries and attempts older than their periods, oldest first. */
final class DeliveryRetention {
    private DeliveryRetention() {
    }

    /**
     * Deletes up to {@code max} deliveries that succeeded or failed before {@code cutoff}; a pending one is owed
     * and stays. Found by the due index: a finished delivery's last due time is before it finished.
     */
    static int pruneDeliveries(Connection connection, Instant cutoff, int max) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM deliveries WHERE id IN"
                + " (SELECT id FROM deliveries WHERE status IN ('succeeded', 'failed') AND next_attempt_at < ?"
                + " AND completed_at < ? LIMIT ?)")) {
            delete.setLong(1, cutoff.toEpochMilli());
            delete.setLong(2, cutoff.toEpochMilli());
            delete.setInt(3, max);
            return delete.executeUpdate();
        }
    }

    /**
     * Deletes up to {@code max} of the oldest attempts made before {@code cutoff}. Attempts are numbered as they
     * are recorded, so the old ones are the lowest: only a window above the lowest is looked at, never the
     * whole table (an attempt recorded out of order by a node with a slow clock waits for a later pass).
     */
    static int pruneAttempts(Connection connection, Instant cutoff, int max) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM delivery_attempts WHERE seq IN"
                + " (SELECT seq FROM delivery_attempts WHERE seq < (SELECT MIN(seq) FROM delivery_attempts) + ?"
                + " AND attempted_at < ? ORDER BY seq LIMIT ?)")) {
            delete.setLong(1, 10L * max);
            delete.setLong(2, cutoff.toEpochMilli());
            delete.setInt(3, max);
            return delete.executeUpdate();
        }
    }
}
