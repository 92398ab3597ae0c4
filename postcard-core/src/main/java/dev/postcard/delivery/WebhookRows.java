package dev.postcard.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.postcard.Page;
import dev.postcard.PostcardException;
import dev.postcard.event.EventCodec;
import dev.postcard.secrets.StoredSecret;
import dev.postcard.storage.Columns;
import dev.postcard.storage.Cursors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of the {@code webhooks} table. */
final class WebhookRows {
    static final String CURSOR_LIST = "webhooks";
    /** How stale {@code last_success_at} may be: it is not read on any path, only kept for the operator. */
    static final long LAST_SUCCESS_STEP_MILLIS = 1_000;
    static final String COLUMNS = "id, tenant_id, url, description, events, enabled, disabled_reason, secret, "
            + "previous_secret, previous_secret_until, failing_since, last_success_at, created_at, updated_at";
    private static final TypeReference<List<String>> PATTERNS = new TypeReference<>() {
    };

    private WebhookRows() {
    }

    /**
     * True when inserted, false when the id is taken or the tenant already has {@code maxPerTenant} webhooks
     * (checked in the same statement).
     */
    static boolean insert(Connection connection, Webhook webhook, int maxPerTenant) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO webhooks (" + COLUMNS
                + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE (SELECT COUNT(*) FROM webhooks"
                + " WHERE tenant_id = ?) < ? ON CONFLICT DO NOTHING")) {
            insert.setString(1, webhook.id());
            insert.setString(2, webhook.tenantId());
            bindMutable(insert, 3, webhook);
            insert.setLong(13, webhook.createdAt().toEpochMilli());
            insert.setLong(14, webhook.updatedAt().toEpochMilli());
            insert.setString(15, webhook.tenantId());
            insert.setInt(16, maxPerTenant);
            return insert.executeUpdate() == 1;
        }
    }

    static int count(Connection connection, String tenantId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM webhooks WHERE tenant_id = ?")) {
            select.setString(1, tenantId);
            try (java.sql.ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Replaces everything but the id, tenant and creation time; false when the tenant has no such webhook. */
    static boolean update(Connection connection, Webhook webhook) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE webhooks SET url = ?, description = ?, "
                + "events = ?, enabled = ?, disabled_reason = ?, secret = ?, previous_secret = ?, "
                + "previous_secret_until = ?, failing_since = ?, last_success_at = ?, updated_at = ? "
                + "WHERE id = ? AND tenant_id = ?")) {
            bindMutable(update, 1, webhook);
            update.setLong(11, webhook.updatedAt().toEpochMilli());
            update.setString(12, webhook.id());
            update.setString(13, webhook.tenantId());
            return update.executeUpdate() == 1;
        }
    }

    /** Binds the ten columns from {@code url} to {@code last_success_at}, starting at {@code first}. */
    private static void bindMutable(PreparedStatement statement, int first, Webhook webhook) throws SQLException {
        int p = first;
        statement.setString(p++, webhook.url());
        statement.setString(p++, webhook.description());
        statement.setString(p++, EventCodec.writeJson(webhook.events()));
        statement.setBoolean(p++, webhook.enabled());
        Columns.setText(statement, p++, webhook.disabledReason());
        statement.setString(p++, webhook.secret().text());
        Columns.setText(statement, p++, webhook.previousSecret().map(StoredSecret::text));
        setInstant(statement, p++, webhook.previousSecretUntil());
        setInstant(statement, p++, webhook.failingSince());
        setInstant(statement, p, webhook.lastSuccessAt());
    }

    static Optional<Webhook> find(Connection connection, String tenantId, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM webhooks WHERE id = ? AND tenant_id = ?")) {
            select.setString(1, id);
            select.setString(2, tenantId);
            return readAll(select).stream().findFirst();
        }
    }

    /** Oldest first, so a page never shifts when webhooks are added. */
    static Page<Webhook> list(Connection connection, String tenantId, Optional<String> cursor, int limit)
            throws SQLException {
        Optional<List<String>> after = cursor.map(c -> Cursors.decode(CURSOR_LIST, c, 2));
        String sql = "SELECT " + COLUMNS + " FROM webhooks WHERE tenant_id = ?"
                + (after.isPresent() ? " AND (created_at > ? OR (created_at = ? AND id > ?))" : "")
                + " ORDER BY created_at, id LIMIT ?";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int p = 1;
            select.setString(p++, tenantId);
            p = Cursors.bindCreatedAtAndId(select, p, after);
            select.setInt(p, limit + 1);
            return Cursors.createdAtAndIdPage(CURSOR_LIST, readAll(select), limit, Webhook::createdAt, Webhook::id);
        }
    }

    static List<Webhook> enabled(Connection connection, String tenantId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM webhooks WHERE tenant_id = ? AND enabled = ? ORDER BY created_at, id")) {
            select.setString(1, tenantId);
            select.setBoolean(2, true);
            return readAll(select);
        }
    }

    /** False when the tenant has no such webhook or it is disabled already (its first reason stays). */
    static boolean disable(Connection connection, String tenantId, String id, String reason, long now)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE webhooks SET enabled = ?, "
                + "disabled_reason = ?, updated_at = ? WHERE id = ? AND tenant_id = ? AND enabled = ?")) {
            update.setBoolean(1, false);
            update.setString(2, reason);
            update.setLong(3, now);
            update.setString(4, id);
            update.setString(5, tenantId);
            update.setBoolean(6, true);
            return update.executeUpdate() == 1;
        }
    }

    /** Deletes the webhook with its deliveries and their attempts; false when the tenant has no such webhook. */
    static boolean delete(Connection connection, String tenantId, String id) throws SQLException {
        for (String table : List.of("delivery_attempts", "deliveries")) {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + table + " WHERE webhook_id = ? AND tenant_id = ?")) {
                delete.setString(1, id);
                delete.setString(2, tenantId);
                delete.executeUpdate();
            }
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM webhooks WHERE id = ? AND tenant_id = ?")) {
            delete.setString(1, id);
            delete.setString(2, tenantId);
            return delete.executeUpdate() == 1;
        }
    }

    /**
     * After an attempt: a success clears the failing streak, a failure starts one unless it is running. The row
     * is written only when that changes it, and {@code last_success_at} moves on only once it is
     * {@value #LAST_SUCCESS_STEP_MILLIS} ms old: otherwise every attempt of every node on an endpoint updates this
     * one row, each waiting for the commit of the one before (on PostgreSQL, a row lock held through the commit's
     * flush). The cost: a success that checks the row while another node's failure is starting a streak leaves the
     * streak standing until the next success, so the endpoint may count as failing since a moment too early.
     */
    static void recordOutcome(Connection connection, String webhookId, boolean success, long at) throws SQLException {
        String sql = success
                ? "UPDATE webhooks SET last_success_at = ?, failing_since = NULL WHERE id = ?"
                        + " AND (failing_since IS NOT NULL OR last_success_at IS NULL OR last_success_at <= ?)"
                : "UPDATE webhooks SET failing_since = ? WHERE id = ? AND failing_since IS NULL";
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setLong(1, at);
            update.setString(2, webhookId);
            if (success) {
                update.setLong(3, at - LAST_SUCCESS_STEP_MILLIS);
            }
            update.executeUpdate();
        }
    }

    private static List<Webhook> readAll(PreparedStatement select) throws SQLException {
        List<Webhook> webhooks = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                webhooks.add(read(rows, 1));
            }
        }
        return webhooks;
    }

    /** Reads the {@link #COLUMNS} starting at column {@code first}. */
    static Webhook read(ResultSet rows, int first) throws SQLException {
        int p = first;
        return new Webhook(rows.getString(p++), rows.getString(p++), rows.getString(p++), rows.getString(p++),
                patterns(rows.getString(p++)), rows.getBoolean(p++), Optional.ofNullable(rows.getString(p++)),
                new StoredSecret(rows.getString(p++)), Optional.ofNullable(rows.getString(p++)).map(StoredSecret::new),
                instant(rows, p++), instant(rows, p++),
                instant(rows, p++), Instant.ofEpochMilli(rows.getLong(p++)), Instant.ofEpochMilli(rows.getLong(p)));
    }

    static Optional<Instant> instant(ResultSet rows, int column) throws SQLException {
        long millis = rows.getLong(column);
        return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    static void setInstant(PreparedStatement statement, int index, Optional<Instant> value) throws SQLException {
        if (value.isPresent()) {
            statement.setLong(index, value.get().toEpochMilli());
        } else {
            statement.setNull(index, Types.BIGINT);
        }
    }

    private static List<String> patterns(String json) {
        try {
            return EventCodec.MAPPER.readValue(json, PATTERNS);
        } catch (JsonProcessingException e) {
            throw new PostcardException("stored webhook event patterns are not a JSON array: " + e.getMessage(), e);
        }
    }
}
