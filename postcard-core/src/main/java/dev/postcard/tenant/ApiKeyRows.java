package dev.postcard.tenant;

import dev.postcard.Page;
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

/** The SQL of the {@code api_keys} table: hashes and prefixes, never keys. */
final class ApiKeyRows {
    /** The list name in this table's page cursors. */
    private static final String CURSOR_LIST = "api_keys";
    private static final String COLUMNS = "id, tenant_id, name, key_prefix, key_hash, admin, created_at, revoked_at";

    private ApiKeyRows() {
    }

    /** True when inserted, false when the id or the hash exists. */
    static boolean insert(Connection connection, ApiKey key) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO api_keys (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, key.id());
            insert.setString(2, key.tenantId());
            insert.setString(3, key.name());
            insert.setString(4, key.keyPrefix());
            insert.setString(5, key.keyHash());
            insert.setBoolean(6, key.admin());
            insert.setLong(7, key.createdAt().toEpochMilli());
            if (key.revokedAt().isPresent()) {
                insert.setLong(8, key.revokedAt().get().toEpochMilli());
            } else {
                insert.setNull(8, Types.BIGINT);
            }
            return insert.executeUpdate() == 1;
        }
    }

    static Optional<ApiKey> findByHash(Connection connection, String keyHash) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = ?")) {
            select.setString(1, keyHash);
            return readAll(select).stream().findFirst();
        }
    }

    /**
     * Newest first; the cursor holds the creation time and id of the last key of the previous page. Admin keys
     * only when {@code includeAdmin}.
     */
    static Page<ApiKey> list(Connection connection, String tenantId, boolean includeAdmin, Optional<String> cursor,
            int limit) throws SQLException {
        Optional<List<String>> after = cursor.map(c -> Cursors.decode(CURSOR_LIST, c, 2));
        String sql = "SELECT " + COLUMNS + " FROM api_keys WHERE tenant_id = ?"
                + (includeAdmin ? "" : " AND admin = ?")
                + (after.isPresent() ? " AND (created_at < ? OR (created_at = ? AND id < ?))" : "")
                + " ORDER BY created_at DESC, id DESC LIMIT ?";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int p = 1;
            select.setString(p++, tenantId);
            if (!includeAdmin) {
                select.setBoolean(p++, false);
            }
            p = Cursors.bindCreatedAtAndId(select, p, after);
            select.setInt(p, limit + 1);
            return Cursors.createdAtAndIdPage(CURSOR_LIST, readAll(select), limit, ApiKey::createdAt, ApiKey::id);
        }
    }

    /** True when an active key of this tenant (an admin key only when {@code includeAdmin}) was revoked now. */
    static boolean revoke(Connection connection, String tenantId, String keyId, boolean includeAdmin, long now)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND tenant_id = ? AND revoked_at IS NULL"
                        + (includeAdmin ? "" : " AND admin = ?"))) {
            update.setLong(1, now);
            update.setString(2, keyId);
            update.setString(3, tenantId);
            if (!includeAdmin) {
                update.setBoolean(4, false);
            }
            return update.executeUpdate() == 1;
        }
    }

    /** True when the revoked key {@code keyId} was made active again. */
    static boolean reinstate(Connection connection, String keyId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE api_keys SET revoked_at = NULL WHERE id = ? AND revoked_at IS NOT NULL")) {
            update.setString(1, keyId);
            return update.executeUpdate() == 1;
        }
    }

    private static List<ApiKey> readAll(PreparedStatement select) throws SQLException {
        List<ApiKey> keys = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                long revokedAt = rows.getLong(8);
                Optional<Instant> revoked = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revokedAt));
                keys.add(new ApiKey(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getBoolean(6), Instant.ofEpochMilli(rows.getLong(7)), revoked));
            }
        }
        return keys;
    }
}
