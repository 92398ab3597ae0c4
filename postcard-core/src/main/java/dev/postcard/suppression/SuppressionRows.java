package dev.postcard.suppression;

import dev.postcard.Page;
import dev.postcard.PostcardException;
import dev.postcard.storage.Columns;
import dev.postcard.storage.Cursors;
import dev.postcard.storage.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL of the suppression list ({@code suppressions}), of removals awaiting their event
 * ({@code suppression_removals}) and of soft bounce streaks. An entry is active while {@code expires_at} is
 * null or later than now; an expired row is kept only until the address is suppressed again.
 */
final class SuppressionRows {
    static final String CURSOR_LIST = "suppressions";
    private static final String COLUMNS = "tenant_id, address, reason, note, source_event_id, created_at, expires_at";
    private static final String ACTIVE = "(expires_at IS NULL OR expires_at > ?)";

    private SuppressionRows() {
    }

    /**
     * Writes {@code entry} unless the address has an active entry; an expired one is replaced. True when written
     * (a decision whose {@code suppression.created} is owed).
     */
    static boolean insertUnlessActive(Connection connection, Suppression entry, long now) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO suppressions (" + COLUMNS
                + ", announced) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, address) DO UPDATE SET"
                + " reason = excluded.reason, note = excluded.note, source_event_id = excluded.source_event_id,"
                + " created_at = excluded.created_at, expires_at = excluded.expires_at, announced = excluded.announced"
                + " WHERE suppressions.expires_at IS NOT NULL AND suppressions.expires_at <= ?")) {
            int p = bind(upsert, 1, entry);
            upsert.setBoolean(p++, false);
            upsert.setLong(p, now);
            return upsert.executeUpdate() == 1;
        }
    }

    /** Replaces what an import says of an active entry, keeping its creation (its event is already owed or sent). */
    static void updateActive(Connection connection, Suppression entry) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE suppressions SET reason = ?, note = ?,"
                + " source_event_id = ?, expires_at = ? WHERE tenant_id = ? AND address = ?")) {
            update.setString(1, entry.reason().wireName());
            Columns.setText(update, 2, entry.note());
            Columns.setText(update, 3, entry.sourceEventId());
            setTime(update, 4, entry.expiresAt());
            update.setString(5, entry.tenantId());
            update.setString(6, entry.address());
            update.executeUpdate();
        }
    }

    /** The soft bounces in a row of the address after counting one more. */
    static int countSoftBounce(Connection connection, String tenantId, String address) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO soft_bounce_streaks (tenant_id,"
                + " address, bounces) VALUES (?, ?, 1) ON CONFLICT (tenant_id, address) DO UPDATE SET"
                + " bounces = soft_bounce_streaks.bounces + 1")) {
            upsert.setString(1, tenantId);
            upsert.setString(2, address);
            upsert.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT bounces FROM soft_bounce_streaks WHERE tenant_id = ? AND address = ?")) {
            select.setString(1, tenantId);
            select.setString(2, address);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new PostcardException("the soft bounce streak of an address vanished in its transaction");
                }
                return rows.getInt(1);
            }
        }
    }

    static void resetStreak(Connection connection, String tenantId, String address) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM soft_bounce_streaks WHERE tenant_id = ? AND address = ?")) {
            delete.setString(1, tenantId);
            delete.setString(2, address);
            delete.executeUpdate();
        }
    }

    static Optional<Suppression> findActive(Connection connection, String tenantId, String address, long now)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM suppressions WHERE tenant_id = ? AND address = ? AND " + ACTIVE)) {
            select.setString(1, tenantId);
            select.setString(2, address);
            select.setLong(3, now);
            return readAll(select).stream().findFirst();
        }
    }

    /** The active entries among {@code addresses} (at most a thousand or so: one parameter each). */
    static Set<String> activeAmong(Connection connection, String tenantId, Collection<String> addresses, long now)
            throws SQLException {
        Set<String> active = new HashSet<>();
        if (addresses.isEmpty()) {
            return active;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(addresses.size(), "?"));
        try (PreparedStatement select = connection.prepareStatement("SELECT address FROM suppressions"
                + " WHERE tenant_id = ? AND " + ACTIVE + " AND address IN (" + marks + ")")) {
            int p = 1;
            select.setString(p++, tenantId);
            select.setLong(p++, now);
            for (String address : addresses) {
                select.setString(p++, address);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    active.add(rows.getString(1));
                }
            }
        }
        return active;
    }

    /** Active entries, newest first; the cursor holds the creation time and address of the last one. */
    static Page<Suppression> list(Connection connection, String tenantId, Optional<SuppressionReason> reason,
                                  Optional<String> cursor, int limit, long now) throws SQLException {
        Optional<List<String>> after = cursor.map(c -> Cursors.decode(CURSOR_LIST, c, 2));
        String sql = "SELECT " + COLUMNS + " FROM suppressions WHERE tenant_id = ? AND " + ACTIVE
                + (reason.isPresent() ? " AND reason = ?" : "")
                + (after.isPresent() ? " AND (created_at < ? OR (created_at = ? AND address < ?))" : "")
                + " ORDER BY created_at DESC, address DESC LIMIT ?";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int p = 1;
            select.setString(p++, tenantId);
            select.setLong(p++, now);
            if (reason.isPresent()) {
                select.setString(p++, reason.get().wireName());
            }
            p = Cursors.bindCreatedAtAndId(select, p, after);
            select.setInt(p, limit + 1);
            return Cursors.createdAtAndIdPage(CURSOR_LIST, readAll(select), limit, Suppression::createdAt,
                    Suppression::address);
        }
    }

    /** Active entries by address after {@code afterAddress}: the keyset pages of an export. */
    static List<Suppression> activeByAddress(Connection connection, String tenantId, Optional<String> afterAddress,
                                             int limit, long now) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM suppressions WHERE tenant_id = ? AND " + ACTIVE
                + (afterAddress.isPresent() ? " AND address > ?" : "") + " ORDER BY address LIMIT ?";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int p = 1;
            select.setString(p++, tenantId);
            select.setLong(p++, now);
            if (afterAddress.isPresent()) {
                select.setString(p++, afterAddress.get());
            }
            select.setInt(p, limit);
            return readAll(select);
        }
    }

    /**
     * Deletes the address's active entry and keeps a removal row for its {@code suppression.deleted}, in the
     * caller's transaction; the soft bounce streak starts over. Empty when nothing was active.
     */
    static Optional<SuppressionRemoval> delete(Connection connection, String tenantId, String address, long now)
            throws SQLException {
        Optional<Suppression> active = findActive(connection, tenantId, address, now);
        if (active.isEmpty()) {
            return Optional.empty();
        }
        Suppression entry = active.get();
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM suppressions WHERE tenant_id = ? AND address = ? AND created_at = ?")) {
            delete.setString(1, tenantId);
            delete.setString(2, address);
            delete.setLong(3, entry.createdAt().toEpochMilli());
            if (delete.executeUpdate() != 1) {
                return Optional.empty(); // another transaction removed it first
            }
        }
        SuppressionRemoval removal = new SuppressionRemoval(tenantId, address, entry.reason(), entry.createdAt(),
                Instant.ofEpochMilli(now));
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO suppression_removals (tenant_id,"
                + " address, reason, created_at, deleted_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, tenantId);
            insert.setString(2, address);
            insert.setString(3, entry.reason().wireName());
            insert.setLong(4, entry.createdAt().toEpochMilli());
            insert.setLong(5, now);
            insert.executeUpdate();
        }
        resetStreak(connection, tenantId, address);
        return Optional.of(removal);
    }

    /** Entries whose {@code suppression.created} is not recorded yet, oldest first, across tenants. */
    static List<Suppression> unannounced(Connection connection, Dialect dialect, int limit) throws SQLException {
        // The condition is spelt as in the partial index (not bound), so both planners use that index.
        String unannounced = dialect == Dialect.SQLITE ? "announced = 0" : "NOT announced";
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM suppressions WHERE " + unannounced + " ORDER BY created_at LIMIT ?")) {
            select.setInt(1, limit);
            return readAll(select);
        }
    }

    /** Marks the entries announced, unless they were replaced since (a new creation is owed its own event). */
    static void markAnnounced(Connection connection, List<Suppression> entries) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE suppressions SET announced = ?"
                + " WHERE tenant_id = ? AND address = ? AND created_at = ?")) {
            for (Suppression entry : entries) {
                update.setBoolean(1, true);
                update.setString(2, entry.tenantId());
                update.setString(3, entry.address());
                update.setLong(4, entry.createdAt().toEpochMilli());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    static List<SuppressionRemoval> removals(Connection connection, int limit) throws SQLException {
        List<SuppressionRemoval> removals = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT tenant_id, address, reason, created_at,"
                + " deleted_at FROM suppression_removals ORDER BY deleted_at LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    removals.add(new SuppressionRemoval(rows.getString(1), rows.getString(2), reason(rows.getString(3)),
                            Instant.ofEpochMilli(rows.getLong(4)), Instant.ofEpochMilli(rows.getLong(5))));
                }
            }
        }
        return removals;
    }

    static void forgetRemovals(Connection connection, List<SuppressionRemoval> removals) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM suppression_removals"
                + " WHERE tenant_id = ? AND address = ? AND created_at = ?")) {
            for (SuppressionRemoval removal : removals) {
                delete.setString(1, removal.tenantId());
                delete.setString(2, removal.address());
                delete.setLong(3, removal.createdAt().toEpochMilli());
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    private static int bind(PreparedStatement statement, int p, Suppression entry) throws SQLException {
        statement.setString(p++, entry.tenantId());
        statement.setString(p++, entry.address());
        statement.setString(p++, entry.reason().wireName());
        Columns.setText(statement, p++, entry.note());
        Columns.setText(statement, p++, entry.sourceEventId());
        statement.setLong(p++, entry.createdAt().toEpochMilli());
        setTime(statement, p++, entry.expiresAt());
        return p;
    }

    private static void setTime(PreparedStatement statement, int p, Optional<Instant> value) throws SQLException {
        if (value.isPresent()) {
            statement.setLong(p, value.get().toEpochMilli());
        } else {
            statement.setNull(p, Types.BIGINT);
        }
    }

    private static List<Suppression> readAll(PreparedStatement select) throws SQLException {
        List<Suppression> entries = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                long expiresAt = rows.getLong(7);
                Optional<Instant> expires = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(expiresAt));
                entries.add(new Suppression(rows.getString(1), rows.getString(2), reason(rows.getString(3)),
                        Optional.ofNullable(rows.getString(4)), Optional.ofNullable(rows.getString(5)),
                        Instant.ofEpochMilli(rows.getLong(6)), expires));
            }
        }
        return entries;
    }

    private static SuppressionReason reason(String stored) {
        return SuppressionReason.fromWireName(stored)
                .orElseThrow(() -> new PostcardException("unknown suppression reason in the database: " + stored));
    }
}
