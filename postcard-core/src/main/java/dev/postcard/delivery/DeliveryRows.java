package dev.postcard.delivery;

import dev.postcard.Page;
import dev.postcard.PostcardException;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import dev.postcard.storage.Columns;
import dev.postcard.storage.Cursors;
import dev.postcard.storage.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** The SQL of the {@code deliveries} and {@code delivery_attempts} tables. */
final class DeliveryRows {
    static final String CURSOR_LIST = "deliveries";
    private static final int MAX_ERROR_CHARS = 2048;
    private static final String COLUMNS = "d.id, d.tenant_id, d.webhook_id, d.event_id, d.event_seq, d.generation, "
            + "d.status, d.attempts, d.next_attempt_at, d.lease_owner, d.lease_until, d.last_status_code, "
            + "d.last_error, d.created_at, d.updated_at, d.completed_at";
    private static final int COLUMN_COUNT = 16;
    private static final String ATTEMPT_COLUMNS = "seq, delivery_id, tenant_id, webhook_id, attempted_at, "
            + "status_code, latency_ms, response_excerpt, error_class, error";

    /** An event that a webhook is owed, before it has a delivery id. */
    record Owed(String tenantId, String webhookId, String eventId, long eventSeq, int generation) {
    }

    private DeliveryRows() {
    }

    /** Inserts pending deliveries due at {@code now}; a row whose webhook, event and generation exist is skipped. */
    static int insertPending(Connection connection, List<Owed> owed, long now) throws SQLException {
        if (owed.isEmpty()) {
            return 0;
        }
        int inserted = 0;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO deliveries (id, tenant_id, "
                + "webhook_id, event_id, event_seq, generation, status, attempts, next_attempt_at, created_at, "
                + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Owed one : owed) {
                insert.setString(1, IdPrefix.DELIVERY.newId());
                insert.setString(2, one.tenantId());
                insert.setString(3, one.webhookId());
                insert.setString(4, one.eventId());
                insert.setLong(5, one.eventSeq());
                insert.setInt(6, one.generation());
                insert.setString(7, DeliveryStatus.PENDING.wireName());
                insert.setLong(8, now);
                insert.setLong(9, now);
                insert.setLong(10, now);
                // One statement per row: batch update counts of ON CONFLICT DO NOTHING differ between drivers.
                inserted += insert.executeUpdate();
            }
        }
        return inserted;
    }

    /**
     * The tenants that have pending deliveries, in id order. One index probe per tenant (a loose index scan on
     * {@code deliveries_due_by_webhook}), however many deliveries each owes.
     */
    static List<String> tenantsWithPending(Connection connection) throws SQLException {
        String sql = "WITH RECURSIVE pending (tenant_id) AS ("
                + "SELECT (SELECT MIN(tenant_id) FROM deliveries WHERE status = ?) "
                + "UNION ALL SELECT (SELECT MIN(d.tenant_id) FROM deliveries d WHERE d.status = ? "
                + "AND d.tenant_id > p.tenant_id) FROM pending p WHERE p.tenant_id IS NOT NULL) "
                + "SELECT tenant_id FROM pending WHERE tenant_id IS NOT NULL";
        List<String> tenants = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, DeliveryStatus.PENDING.wireName());
            select.setString(2, DeliveryStatus.PENDING.wireName());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    tenants.add(rows.getString(1));
                }
            }
        }
        return tenants;
    }

    /**
     * The webhooks of {@code tenantId} that have pending deliveries, in id order: one index probe per webhook on
     * {@code deliveries_due_by_webhook}, however many deliveries each owes.
     */
    static List<String> webhooksWithPending(Connection connection, String tenantId) throws SQLException {
        String sql = "WITH RECURSIVE pending (webhook_id) AS ("
                + "SELECT (SELECT MIN(webhook_id) FROM deliveries WHERE status = ? AND tenant_id = ?) "
                + "UNION ALL SELECT (SELECT MIN(d.webhook_id) FROM deliveries d WHERE d.status = ? "
                + "AND d.tenant_id = ? AND d.webhook_id > p.webhook_id) FROM pending p WHERE p.webhook_id IS NOT NULL) "
                + "SELECT webhook_id FROM pending WHERE webhook_id IS NOT NULL";
        List<String> webhooks = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, DeliveryStatus.PENDING.wireName());
            select.setString(2, tenantId);
            select.setString(3, DeliveryStatus.PENDING.wireName());
            select.setString(4, tenantId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    webhooks.add(rows.getString(1));
                }
            }
        }
        return webhooks;
    }

    /**
     * Due deliveries of enabled webhooks by tenant, with the oldest due time: one query over the pending
     * deliveries on {@code deliveries_due_by_webhook}.
     */
    static Map<String, DueDeliveries.Tenant> due(Connection connection, long now) throws SQLException {
        String sql = "SELECT d.tenant_id, COUNT(*), MIN(d.next_attempt_at) FROM deliveries d WHERE d.status = ? "
                + "AND d.next_attempt_at <= ? "
                + "AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = d.webhook_id AND w.enabled = ?) "
                + "GROUP BY d.tenant_id";
        Map<String, DueDeliveries.Tenant> due = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, DeliveryStatus.PENDING.wireName());
            select.setLong(2, now);
            select.setBoolean(3, true);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    due.put(rows.getString(1), new DueDeliveries.Tenant(rows.getLong(2),
                            Instant.ofEpochMilli(rows.getLong(3))));
                }
            }
        }
        return due;
    }

    /**
     * Leases up to {@code max} of one webhook's due deliveries, oldest due first, if the webhook is enabled. On
     * PostgreSQL rows locked by another claimer are skipped, not waited for; on SQLite the caller's transaction
     * holds the only write lock. The tenant is part of the condition so that the range is one of
     * {@code deliveries_due_by_webhook}.
     */
    static List<String> lease(Connection connection, Dialect dialect, String tenantId, String webhookId, String owner,
                              long now, long leaseUntil, int max) throws SQLException {
        String due = "SELECT d.id FROM deliveries d WHERE d.status = ? AND d.tenant_id = ? AND d.webhook_id = ? "
                + "AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until <= ?) "
                + "AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = d.webhook_id AND w.enabled = ?) "
                + "ORDER BY d.next_attempt_at, d.id LIMIT ?"
                + (dialect == Dialect.POSTGRES ? " FOR UPDATE OF d SKIP LOCKED" : "");
        List<String> ids = new ArrayList<>();
        // Only columns no index holds: PostgreSQL updates the row in place (HOT), without new index entries. The
        // claim steps over the webhook's deliveries in flight, at most about twice its limit (DeliveryWorker).
        try (PreparedStatement update = connection.prepareStatement("UPDATE deliveries SET lease_owner = ?, "
                + "lease_until = ?, updated_at = ? WHERE id IN (" + due + ") RETURNING id")) {
            update.setString(1, owner);
            update.setLong(2, leaseUntil);
            update.setLong(3, now);
            update.setString(4, DeliveryStatus.PENDING.wireName());
            update.setString(5, tenantId);
            update.setString(6, webhookId);
            update.setLong(7, now);
            update.setLong(8, now);
            update.setBoolean(9, true);
            update.setInt(10, max);
            try (ResultSet rows = update.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    /** The leased deliveries with their webhooks and stored envelopes, in due order. */
    static List<ClaimedDelivery> claimed(Connection connection, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT " + COLUMNS + ", e.type, e.payload, "
                + WebhookRows.COLUMNS.replaceAll("(\\w+)", "w.$1")
                + " FROM deliveries d JOIN events e ON e.seq = d.event_seq JOIN webhooks w ON w.id = d.webhook_id"
                + " WHERE d.id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")"
                + " ORDER BY d.next_attempt_at, d.id";
        List<ClaimedDelivery> claimed = new ArrayList<>(ids.size());
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                select.setString(i + 1, ids.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Delivery delivery = read(rows);
                    EventType type = EventType.fromWireName(rows.getString(COLUMN_COUNT + 1)).orElseThrow();
                    String envelope = rows.getString(COLUMN_COUNT + 2);
                    claimed.add(new ClaimedDelivery(delivery, WebhookRows.read(rows, COLUMN_COUNT + 3), type,
                            envelope));
                }
            }
        }
        return claimed;
    }

    /**
     * By the delivery's id alone, its tenant and webhook checked on what it returns: given them in the condition,
     * PostgreSQL picks {@code deliveries_by_webhook} for a table it has not analysed yet and reads every delivery
     * of the webhook for each attempt.
     */
    static final String COMPLETE_ATTEMPT = "UPDATE deliveries SET status = ?, attempts = attempts + 1,"
            + " next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, last_status_code = ?, last_error = ?,"
            + " updated_at = ?, completed_at = ? WHERE id = ? AND status = ? AND lease_owner = ?"
            + " RETURNING tenant_id, webhook_id";

    /**
     * Moves a delivery leased by {@code owner} to the state after an attempt and releases the lease; false (and
     * nothing written) when the lease is no longer the owner's, because it expired and another node took it.
     */

    static boolean completeAttempt(Connection connection, String owner, DeliveryAttempt attempt,
            DeliveryStatus status, long nextAttemptAt, long now) throws SQLException {
        if (!moveAfterAttempt(connection, owner, attempt, status, nextAttemptAt, now)) {
            return false;
        }
        logAttempts(connection, List.of(attempt));
        return true;
    }

    /** {@link #completeAttempt} without the attempt's log row: the delivery's move alone. */
    static boolean moveAfterAttempt(Connection connection, String owner, DeliveryAttempt attempt,
            DeliveryStatus status, long nextAttemptAt, long now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(COMPLETE_ATTEMPT)) {
            return moveAfterAttempt(update, owner, attempt, status, nextAttemptAt, now);
        }
    }

    /**
     * {@link #moveAfterAttempt(Connection, String, DeliveryAttempt, DeliveryStatus, long, long)} on a statement
     * prepared from {@link #COMPLETE_ATTEMPT}, so that a batch of attempts prepares it once.
     */
    static boolean moveAfterAttempt(PreparedStatement update, String owner, DeliveryAttempt attempt,
            DeliveryStatus status, long nextAttemptAt, long now) throws SQLException {
        update.setString(1, status.wireName());
        update.setLong(2, nextAttemptAt);
        setInt(update, 3, attempt.statusCode());
        Columns.setText(update, 4, attempt.error().map(DeliveryRows::clip));
        update.setLong(5, now);
        if (status == DeliveryStatus.PENDING) {
            update.setNull(6, Types.BIGINT);
        } else {
            update.setLong(6, now);
        }
        update.setString(7, attempt.deliveryId());
        update.setString(8, DeliveryStatus.PENDING.wireName());
        update.setString(9, owner);
        try (ResultSet row = update.executeQuery()) {
            if (!row.next()) {
                return false;
            }
            if (!row.getString(1).equals(attempt.tenantId()) || !row.getString(2).equals(attempt.webhookId())) {
                // Rolls the transaction back: an attempt is never recorded on another webhook's delivery.
                throw new PostcardException("delivery " + attempt.deliveryId() + " is not of webhook "
                        + attempt.webhookId() + " in tenant " + attempt.tenantId());
            }
        }
        return true;
    }

    /** Logs attempts whose deliveries were moved: one JDBC batch, so one round trip for a whole group commit. */
    static void logAttempts(Connection connection, List<DeliveryAttempt> attempts) throws SQLException {
        if (attempts.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO delivery_attempts (delivery_id, "
                + "tenant_id, webhook_id, attempted_at, status_code, latency_ms, response_excerpt, error_class, error) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (DeliveryAttempt attempt : attempts) {
                insert.setString(1, attempt.deliveryId());
                insert.setString(2, attempt.tenantId());
                insert.setString(3, attempt.webhookId());
                insert.setLong(4, attempt.attemptedAt().toEpochMilli());
                setInt(insert, 5, attempt.statusCode());
                insert.setLong(6, attempt.latency().toMillis());
                Columns.setText(insert, 7, attempt.responseExcerpt());
                Columns.setText(insert, 8, attempt.errorClass().map(DeliveryRows::clip));
                Columns.setText(insert, 9, attempt.error().map(DeliveryRows::clip));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static Optional<Delivery> find(Connection connection, String tenantId, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM deliveries d WHERE d.id = ? AND d.tenant_id = ?")) {
            select.setString(1, id);
            select.setString(2, tenantId);
            return readAll(select).stream().findFirst();
        }
    }

    /** Newest first. */
    static Page<Delivery> list(Connection connection, String tenantId, String webhookId,
            Optional<DeliveryStatus> status, Optional<String> cursor, int limit) throws SQLException {
        Optional<List<String>> after = cursor.map(c -> Cursors.decode(CURSOR_LIST, c, 2));
        String sql = "SELECT " + COLUMNS + " FROM deliveries d WHERE d.tenant_id = ? AND d.webhook_id = ?"
                + (status.isPresent() ? " AND d.status = ?" : "")
                + (after.isPresent() ? " AND (d.created_at < ? OR (d.created_at = ? AND d.id < ?))" : "")
                + " ORDER BY d.created_at DESC, d.id DESC LIMIT ?";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int p = 1;
            select.setString(p++, tenantId);
            select.setString(p++, webhookId);
            if (status.isPresent()) {
                select.setString(p++, status.get().wireName());
            }
            p = Cursors.bindCreatedAtAndId(select, p, after);
            select.setInt(p, limit + 1);
            return Cursors.createdAtAndIdPage(CURSOR_LIST, readAll(select), limit, Delivery::createdAt, Delivery::id);
        }
    }

    static List<DeliveryAttempt> attempts(Connection connection, String tenantId, String deliveryId)
            throws SQLException {
        List<DeliveryAttempt> attempts = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + ATTEMPT_COLUMNS
                + " FROM delivery_attempts WHERE delivery_id = ? AND tenant_id = ? ORDER BY seq")) {
            select.setString(1, deliveryId);
            select.setString(2, tenantId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    int code = rows.getInt(6);
                    OptionalInt statusCode = rows.wasNull() ? OptionalInt.empty() : OptionalInt.of(code);
                    attempts.add(new DeliveryAttempt(rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), Instant.ofEpochMilli(rows.getLong(5)), statusCode,
                            Duration.ofMillis(rows.getLong(7)), Optional.ofNullable(rows.getString(8)),
                            Optional.ofNullable(rows.getString(9)), Optional.ofNullable(rows.getString(10))));
                }
            }
        }
        return attempts;
    }

    /** A failed delivery back to pending, due now; false when the tenant has no such failed delivery. */
    static boolean retry(Connection connection, String tenantId, String id, long now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE deliveries SET status = ?, "
                + "next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, completed_at = NULL, updated_at = ? "
                + "WHERE id = ? AND tenant_id = ? AND status = ?")) {
            update.setString(1, DeliveryStatus.PENDING.wireName());
            update.setLong(2, now);
            update.setLong(3, now);
            update.setString(4, id);
            update.setString(5, tenantId);
            update.setString(6, DeliveryStatus.FAILED.wireName());
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Up to {@code limit} events of the window, after log position {@code afterSeq}, that a webhook is owed
     * again: of the given types, with no pending delivery to this webhook, each with the generation after its
     * latest delivery. In log order.
     */
    static List<Owed> replayable(Connection connection, String tenantId, String webhookId, Instant since,
            Instant until, Set<EventType> types, long afterSeq, int limit) throws SQLException {
        if (types.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT e.id, e.seq, COALESCE((SELECT MAX(d.generation) FROM deliveries d "
                + "WHERE d.webhook_id = ? AND d.event_id = e.id), -1) + 1 FROM events e "
                + replayableWhere(types.size()) + " ORDER BY e.seq LIMIT ?";
        List<Owed> owed = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int p = 1;
            select.setString(p++, webhookId);
            select.setString(p++, tenantId);
            select.setLong(p++, afterSeq);
            select.setLong(p++, since.toEpochMilli());
            select.setLong(p++, until.toEpochMilli());
            for (EventType type : types) {
                select.setString(p++, type.wireName());
            }
            select.setString(p++, webhookId);
            select.setString(p++, DeliveryStatus.PENDING.wireName());
            select.setInt(p, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    owed.add(new Owed(tenantId, webhookId, rows.getString(1), rows.getLong(2), rows.getInt(3)));
                }
            }
        }
        return owed;
    }

    /** How many events {@link #replayable} would give, all chunks together: what a replay of the period sends. */
    static long countReplayable(Connection connection, String tenantId, String webhookId, Instant since,
            Instant until, Set<EventType> types) throws SQLException {
        if (types.isEmpty()) {
            return 0;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM events e "
                + replayableWhere(types.size()))) {
            int p = 1;
            select.setString(p++, tenantId);
            select.setLong(p++, 0);
            select.setLong(p++, since.toEpochMilli());
            select.setLong(p++, until.toEpochMilli());
            for (EventType type : types) {
                select.setString(p++, type.wireName());
            }
            select.setString(p++, webhookId);
            select.setString(p, DeliveryStatus.PENDING.wireName());
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The events of a replay: the tenant's, after a seq, in {@code [since, until)}, of the types, not pending. */
    private static String replayableWhere(int types) {
        return "WHERE e.tenant_id = ? AND e.seq > ? AND e.created_at >= ? AND e.created_at < ? AND e.type IN ("
                + String.join(", ", Collections.nCopies(types, "?")) + ") "
                + "AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.webhook_id = ? AND p.event_id = e.id "
                + "AND p.status = ?)";
    }

    private static List<Delivery> readAll(PreparedStatement select) throws SQLException {
        List<Delivery> deliveries = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                deliveries.add(read(rows));
            }
        }
        return deliveries;
    }

    private static Delivery read(ResultSet rows) throws SQLException {
        int code = rows.getInt(12);
        OptionalInt lastStatusCode = rows.wasNull() ? OptionalInt.empty() : OptionalInt.of(code);
        return new Delivery(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getLong(5), rows.getInt(6), DeliveryStatus.fromWireName(rows.getString(7)).orElseThrow(),
                rows.getInt(8), Instant.ofEpochMilli(rows.getLong(9)), Optional.ofNullable(rows.getString(10)),
                WebhookRows.instant(rows, 11), lastStatusCode, Optional.ofNullable(rows.getString(13)),
                Instant.ofEpochMilli(rows.getLong(14)), Instant.ofEpochMilli(rows.getLong(15)),
                WebhookRows.instant(rows, 16));
    }

    private static void setInt(PreparedStatement statement, int index, OptionalInt value) throws SQLException {
        if (value.isPresent()) {
            statement.setInt(index, value.getAsInt());
        } else {
            statement.setNull(index, Types.INTEGER);
        }
    }

    private static String clip(String text) {
        return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS);
    }
}
