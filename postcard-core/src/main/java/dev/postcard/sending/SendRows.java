package dev.postcard.sending;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.PostcardException;
import dev.postcard.event.EventCodec;
import dev.postcard.storage.Columns;
import dev.postcard.storage.CustomPlans;
import dev.postcard.storage.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;

/** The SQL of the {@code sends} and {@code send_recipients} tables. */
final class SendRows {
    private static final String DUE = "r.status IN ('queued', 'scheduled', 'sending')";
    private static final String ROW_COLUMNS = "r.tenant_id, r.email_id, r.send_id, r.recipient, r.status, "
            + "r.next_attempt_at, r.attempts, r.lease_until, r.transport, r.response, r.provider_message_id, "
            + "r.last_error, r.outcome, r.outcome_reason, r.outcome_at, r.outcome_recorded, r.created_at, "
            + "r.updated_at, s.sender, s.subject, s.tags, s.metadata, s.template_id, s.send_at";
    private static final String ROW_FROM = " FROM send_recipients r JOIN sends s ON s.tenant_id = r.tenant_id "
            + "AND s.id = r.send_id";
    private static final String SEND_COLUMNS = "tenant_id, id, sender, to_list, cc_list, reply_to_list, subject, "
            + "html, text_body, headers, attachments, tags, metadata, track_opens, track_clicks, template_id, "
            + "template_version, send_at, created_at";

    /** A stored idempotency key: the body it was first used with and what that request was answered. */
    record KeyUse(String bodyHash, String answer) {
    }

    private SendRows() {
    }

    /** The live use of {@code key}, if any; an expired one is released first, so the key can be used again. */
    static Optional<KeyUse> keyUse(Connection c, String tenantId, String key, long now) throws SQLException {
        try (PreparedStatement release = c.prepareStatement("UPDATE sends SET idempotency_key = NULL "
                + "WHERE tenant_id = ? AND idempotency_key = ? AND key_expires_at <= ?")) {
            release.setString(1, tenantId);
            release.setString(2, key);
            release.setLong(3, now);
            release.executeUpdate();
        }
        try (PreparedStatement select = c.prepareStatement(
                "SELECT body_hash, answer FROM sends WHERE tenant_id = ? AND idempotency_key = ?")) {
            select.setString(1, tenantId);
            select.setString(2, key);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(new KeyUse(rows.getString(1), rows.getString(2))) : Optional.empty();
            }
        }
    }

    /**
     * Inserts the send; false when another request took its idempotency key first (PostgreSQL: the insert waits
     * for that request's transaction, then skips).
     */
    static boolean insertSend(Connection c, StoredSend send, Optional<String> key, long keyExpiresAt, String bodyHash,
                              String answer) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO sends (" + SEND_COLUMNS
                + ", idempotency_key, key_expires_at, body_hash, answer) VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, send.tenantId());
            insert.setString(2, send.id());
            insert.setString(3, send.from());
            insert.setString(4, EventCodec.writeJson(send.to()));
            insert.setString(5, EventCodec.writeJson(send.cc()));
            insert.setString(6, EventCodec.writeJson(send.replyTo()));
            insert.setString(7, send.subject());
            Columns.setText(insert, 8, send.html());
            Columns.setText(insert, 9, send.text());
            insert.setString(10, EventCodec.writeJson(send.headers()));
            insert.setString(11, attachmentsJson(send.attachments()));
            insert.setString(12, EventCodec.writeJson(send.tags()));
            insert.setString(13, EventCodec.writeJson(send.metadata()));
            insert.setBoolean(14, send.trackOpens());
            insert.setBoolean(15, send.trackClicks());
            Columns.setText(insert, 16, send.templateId());
            if (send.templateVersion().isPresent()) {
                insert.setInt(17, send.templateVersion().get());
            } else {
                insert.setNull(17, Types.INTEGER);
            }
            setTime(insert, 18, send.sendAt());
            insert.setLong(19, send.createdAt().toEpochMilli());
            Columns.setText(insert, 20, key);
            if (key.isPresent()) {
                insert.setLong(21, keyExpiresAt);
            } else {
                insert.setNull(21, Types.BIGINT);
            }
            insert.setString(22, bodyHash);
            insert.setString(23, answer);
            return insert.executeUpdate() == 1;
        }
    }

    /** Inserts the recipients' rows; a dropped one carries its outcome, to be announced after the commit. */
    static void insertRecipients(Connection c, StoredSend send, List<PlannedRecipient> recipients, Instant due)
            throws SQLException {
        long now = send.createdAt().toEpochMilli();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO send_recipients (email_id, tenant_id, "
                + "send_id, position, recipient, status, next_attempt_at, attempts, outcome, outcome_reason, "
                + "outcome_at, outcome_recorded, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < recipients.size(); i++) {
                PlannedRecipient r = recipients.get(i);
                boolean dropped = r.status() == SendStatus.DROPPED;
                insert.setString(1, r.emailId());
                insert.setString(2, send.tenantId());
                insert.setString(3, send.id());
                insert.setInt(4, i);
                insert.setString(5, r.recipient());
                insert.setString(6, r.status().wireName());
                insert.setLong(7, due.toEpochMilli());
                Columns.setText(insert, 8, dropped ? Optional.of(Outcome.DROPPED.wireName()) : Optional.empty());
                Columns.setText(insert, 9, r.dropReason());
                if (dropped) {
                    insert.setLong(10, now);
                } else {
                    insert.setNull(10, Types.BIGINT);
                }
                insert.setBoolean(11, !dropped);
                insert.setLong(12, now);
                insert.setLong(13, now);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * Leases up to {@code max} due recipients, oldest due first, counting the attempt. On PostgreSQL rows another
     * engine is claiming are skipped, not waited for; on SQLite the transaction holds the only write lock.
     */
    static List<String[]> lease(Connection c, Dialect dialect, String owner, long now, long leaseUntil, int max)
            throws SQLException {
        String due = "SELECT r.tenant_id, r.email_id FROM send_recipients r WHERE " + DUE
                + " AND r.next_attempt_at <= ? AND (r.lease_until IS NULL OR r.lease_until <= ?)"
                + " ORDER BY r.next_attempt_at LIMIT ?" + (dialect == Dialect.POSTGRES ? " FOR UPDATE SKIP LOCKED" : "");
        List<String[]> keys = new ArrayList<>();
        try (PreparedStatement update = c.prepareStatement("UPDATE send_recipients SET status = 'sending', "
                + "lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ? "
                + "WHERE (tenant_id, email_id) IN (" + due + ") RETURNING tenant_id, email_id")) {
            update.setString(1, owner);
            update.setLong(2, leaseUntil);
            update.setLong(3, now);
            update.setLong(4, now);
            update.setLong(5, now);
            update.setInt(6, max);
            try (ResultSet rows = update.executeQuery()) {
                while (rows.next()) {
                    keys.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
        }
        return keys;
    }

    /** Moves the end of this owner's lease on a copy being handed over; false when the owner no longer holds it. */
    static boolean renewLease(Connection c, String owner, String tenantId, String emailId, long leaseUntil)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE send_recipients SET lease_until = ? "
                + "WHERE tenant_id = ? AND email_id = ? AND lease_owner = ? AND status = 'sending'")) {
            update.setLong(1, leaseUntil);
            update.setString(2, tenantId);
            update.setString(3, emailId);
            update.setString(4, owner);
            return update.executeUpdate() == 1;
        }
    }

    static Optional<RecipientRow> find(Connection c, String tenantId, String emailId) throws SQLException {
        // Planned with its values each time: a generic plan made while the tables were young scanned all of sends.
        try (PreparedStatement select = CustomPlans.planEachTime(c.prepareStatement("SELECT " + ROW_COLUMNS + ROW_FROM
                + " WHERE r.tenant_id = ? AND r.email_id = ?"))) {
            select.setString(1, tenantId);
            select.setString(2, emailId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(readRow(rows)) : Optional.empty();
            }
        }
    }

    /** Rows whose outcome is stored and whose event is not yet recorded, oldest first. */
    static List<RecipientRow> unrecorded(Connection c, Dialect dialect, int limit) throws SQLException {
        String pending = dialect == Dialect.POSTGRES ? "NOT r.outcome_recorded" : "r.outcome_recorded = 0";
        List<RecipientRow> out = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT " + ROW_COLUMNS + ROW_FROM + " WHERE " + pending
                + " ORDER BY r.outcome_at LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    out.add(readRow(rows));
                }
            }
        }
        return out;
    }

    /** The rows of one send that are still to be announced (its dropped recipients, right after the accept). */
    static List<RecipientRow> unrecordedOfSend(Connection c, Dialect dialect, String tenantId, String sendId)
            throws SQLException {
        String pending = dialect == Dialect.POSTGRES ? "NOT r.outcome_recorded" : "r.outcome_recorded = 0";
        List<RecipientRow> out = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT " + ROW_COLUMNS + ROW_FROM
                + " WHERE r.tenant_id = ? AND r.send_id = ? AND " + pending + " ORDER BY r.position")) {
            select.setString(1, tenantId);
            select.setString(2, sendId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    out.add(readRow(rows));
                }
            }
        }
        return out;
    }

    /**
     * Stores what a hand-over came to, if this engine still holds the lease; false when it ran out and another
     * engine took the row (that engine then decides).
     */
    static boolean storeOutcome(Connection c, String owner, RecipientRow row, StepResult step) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE send_recipients SET status = ?, "
                + "next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, transport = ?, response = ?, "
                + "provider_message_id = ?, last_error = ?, outcome = ?, outcome_reason = ?, outcome_at = ?, "
                + "outcome_recorded = ?, updated_at = ? WHERE tenant_id = ? AND email_id = ? AND lease_owner = ? "
                + "AND status = 'sending'")) {
            long at = step.at().toEpochMilli();
            update.setString(1, step.status().wireName());
            update.setLong(2, step.nextAttemptAt().orElse(step.at()).toEpochMilli());
            Columns.setText(update, 3, step.transport());
            Columns.setText(update, 4, step.response().map(SendRows::clip));
            Columns.setText(update, 5, step.providerMessageId());
            Columns.setText(update, 6, step.error().map(SendRows::clip));
            update.setString(7, step.outcome().wireName());
            Columns.setText(update, 8, step.reason());
            update.setLong(9, at);
            update.setBoolean(10, false);
            update.setLong(11, at);
            update.setString(12, row.tenantId());
            update.setString(13, row.emailId());
            update.setString(14, owner);
            return update.executeUpdate() == 1;
        }
    }

    /** Marks the outcome of {@code outcomeAt} announced; a later outcome of the same row stays pending. */
    static void markRecorded(Connection c, String tenantId, String emailId, Instant outcomeAt) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE send_recipients SET outcome_recorded = ? "
                + "WHERE tenant_id = ? AND email_id = ? AND outcome_at = ?")) {
            update.setBoolean(1, true);
            update.setString(2, tenantId);
            update.setString(3, emailId);
            update.setLong(4, outcomeAt.toEpochMilli());
            update.executeUpdate();
        }
    }

    /**
     * Cancels a recipient that waits and is claimed by no engine, and whose last outcome is announced; false when
     * it is not in that state (the caller tells 404 from 409).
     */
    static boolean cancel(Connection c, Dialect dialect, String tenantId, String emailId, long now)
            throws SQLException {
        String announced = dialect == Dialect.POSTGRES ? "outcome_recorded" : "outcome_recorded = 1";
        try (PreparedStatement update = c.prepareStatement("UPDATE send_recipients SET status = 'canceled', "
                + "outcome = 'canceled', outcome_reason = NULL, outcome_at = ?, outcome_recorded = ?, updated_at = ? "
                + "WHERE tenant_id = ? AND email_id = ? AND status IN ('queued', 'scheduled') "
                + "AND (lease_until IS NULL OR lease_until <= ?) AND " + announced)) {
            update.setLong(1, now);
            update.setBoolean(2, false);
            update.setLong(3, now);
            update.setString(4, tenantId);
            update.setString(5, emailId);
            update.setLong(6, now);
            return update.executeUpdate() == 1;
        }
    }

    static Optional<StoredSend> send(Connection c, String tenantId, String sendId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + SEND_COLUMNS
                + " FROM sends WHERE tenant_id = ? AND id = ?")) {
            select.setString(1, tenantId);
            select.setString(2, sendId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                int version = rows.getInt(17);
                Optional<Integer> templateVersion = rows.wasNull() ? Optional.empty() : Optional.of(version);
                return Optional.of(new StoredSend(rows.getString(1), rows.getString(2), rows.getString(3),
                        strings(rows.getString(4)), strings(rows.getString(5)), strings(rows.getString(6)),
                        rows.getString(7), Optional.ofNullable(rows.getString(8)),
                        Optional.ofNullable(rows.getString(9)), headers(rows.getString(10)),
                        attachments(rows.getString(11)), strings(rows.getString(12)), object(rows.getString(13)),
                        rows.getBoolean(14), rows.getBoolean(15), Optional.ofNullable(rows.getString(16)),
                        templateVersion, time(rows, 18), Instant.ofEpochMilli(rows.getLong(19))));
            }
        }
    }

    private static RecipientRow readRow(ResultSet rows) throws SQLException {
        return new RecipientRow(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                SendStatus.fromWireName(rows.getString(5)), Instant.ofEpochMilli(rows.getLong(6)), rows.getInt(7),
                time(rows, 8), Optional.ofNullable(rows.getString(9)), Optional.ofNullable(rows.getString(10)),
                Optional.ofNullable(rows.getString(11)), Optional.ofNullable(rows.getString(12)),
                Optional.ofNullable(rows.getString(13)).map(Outcome::fromWireName),
                Optional.ofNullable(rows.getString(14)), time(rows, 15), rows.getBoolean(16),
                Instant.ofEpochMilli(rows.getLong(17)), Instant.ofEpochMilli(rows.getLong(18)), rows.getString(19),
                rows.getString(20), strings(rows.getString(21)), object(rows.getString(22)),
                Optional.ofNullable(rows.getString(23)), time(rows, 24));
    }

    private static Optional<Instant> time(ResultSet rows, int column) throws SQLException {
        long millis = rows.getLong(column);
        return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    private static void setTime(PreparedStatement statement, int index, Optional<Instant> time) throws SQLException {
        if (time.isPresent()) {
            statement.setLong(index, time.get().toEpochMilli());
        } else {
            statement.setNull(index, Types.BIGINT);
        }
    }

    /** Responses and errors are kept to 1 KiB: enough to tell what happened, never a whole message echoed. */
    private static String clip(String text) {
        return text.length() <= 1024 ? text : text.substring(0, 1024);
    }

    private static String attachmentsJson(List<MailAttachment> attachments) {
        ArrayNode list = EventCodec.MAPPER.createArrayNode();
        for (MailAttachment a : attachments) {
            ObjectNode item = list.addObject();
            item.put("filename", a.filename());
            item.put("content_type", a.contentType());
            item.put("content", Base64.getEncoder().encodeToString(a.content()));
        }
        return list.toString();
    }

    private static List<MailAttachment> attachments(String json) {
        List<MailAttachment> out = new ArrayList<>();
        for (JsonNode item : read(json)) {
            out.add(new MailAttachment(item.get("filename").asText(), item.get("content_type").asText(),
                    Base64.getDecoder().decode(item.get("content").asText())));
        }
        return out;
    }

    private static List<String> strings(String json) {
        return EventCodec.MAPPER.convertValue(read(json), new TypeReference<List<String>>() { });
    }

    private static SequencedMap<String, String> headers(String json) {
        return EventCodec.MAPPER.convertValue(read(json), new TypeReference<LinkedHashMap<String, String>>() { });
    }

    private static ObjectNode object(String json) {
        return (ObjectNode) read(json);
    }

    private static JsonNode read(String json) {
        try {
            return EventCodec.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PostcardException("a stored send holds malformed JSON: " + e.getOriginalMessage(), e);
        }
    }
}
