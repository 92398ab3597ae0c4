package dev.postcard.sending;

import dev.postcard.storage.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** The SQL of the send queue's retention: finished copies, then the sends they leave empty (migration V16). */
final class SendRetention {
    /** The finished statuses, written as the partial index {@code send_recipients_finished} has them. */
    private static final String FINISHED = "status IN ('sent', 'bounced', 'failed', 'dropped', 'canceled')";
    /** Parameters: the cutoff, now, the batch size. */
    static final String PRUNE_SENDS = "DELETE FROM sends WHERE (tenant_id, id) IN"
            + " (SELECT s.tenant_id, s.id FROM sends s WHERE s.created_at < ?"
            + " AND (s.key_expires_at IS NULL OR s.key_expires_at <= ?)"
            + " AND NOT EXISTS (SELECT 1 FROM send_recipients r WHERE r.tenant_id = s.tenant_id"
            + " AND r.send_id = s.id) ORDER BY s.created_at LIMIT ?)";

    private SendRetention() {
    }

    /**
     * Deletes up to {@code max} copies that finished before {@code cutoff} and whose outcome was announced; a copy
     * still waiting, being handed over or with its event still owed stays, however old.
     */
    static int pruneCopies(Connection c, Dialect dialect, Instant cutoff, int max) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(pruneCopiesSql(dialect))) {
            delete.setLong(1, cutoff.toEpochMilli());
            delete.setInt(2, max);
            return delete.executeUpdate();
        }
    }

    /** Parameters: the cutoff, the batch size. */
    static String pruneCopiesSql(Dialect dialect) {
        String announced = dialect == Dialect.POSTGRES ? "outcome_recorded" : "outcome_recorded = 1";
        return "DELETE FROM send_recipients WHERE (tenant_id, email_id) IN (SELECT tenant_id, email_id"
                + " FROM send_recipients WHERE " + FINISHED + " AND outcome_at < ? AND " + announced + " LIMIT ?)";
    }

    /**
     * Deletes up to {@code max} sends created before {@code cutoff} with no copy left, once their idempotency key
     * expired: the key's answer is the send's row, and it answers its full period even when the copies went first.
     * Looked for oldest first; the sends passed over are those whose copies are still kept.
     */
    static int pruneSends(Connection c, Instant cutoff, Instant now, int max) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(PRUNE_SENDS)) {
            delete.setLong(1, cutoff.toEpochMilli());
            delete.setLong(2, now.toEpochMilli());
            delete.setInt(3, max);
            return delete.executeUpdate();
        }
    }
}
