package dev.postcard.tenant;

import dev.postcard.Page;
import dev.postcard.storage.Columns;
import dev.postcard.storage.Cursors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of the {@code tenants} table. */
final class TenantRows {
    /** The list name in this table's page cursors. */
    private static final String CURSOR_LIST = "tenants";
    private TenantRows() {
    }

    /** True when inserted, false when the id exists. */
    static boolean insert(Connection connection, Tenant tenant) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            insert.setString(1, tenant.id());
            insert.setString(2, tenant.name());
            insert.setLong(3, tenant.createdAt().toEpochMilli());
            return insert.executeUpdate() == 1;
        }
    }

    /** True when the tenant exists; an empty choice sends through every configured transport. */
    static boolean setSendTransports(Connection connection, String id, Optional<List<String>> names)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE tenants SET send_transports = ? WHERE id = ?")) {
            Columns.setText(update, 1, names.map(n -> String.join(",", n)));
            update.setString(2, id);
            return update.executeUpdate() == 1;
        }
    }

    static Optional<Tenant> find(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, name, created_at, send_transports FROM tenants WHERE id = ?")) {
            select.setString(1, id);
            return readAll(select).stream().findFirst();
        }
    }

    /** Ordered by id; the cursor holds the last id of the previous page. */
    static Page<Tenant> list(Connection connection, Optional<String> cursor, int limit) throws SQLException {
        Optional<String> after = cursor.map(c -> Cursors.decode(CURSOR_LIST, c, 1).getFirst());
        try (PreparedStatement select = connection.prepareStatement("SELECT id, name, created_at, send_transports FROM tenants"
                + (after.isPresent() ? " WHERE id > ?" : "") + " ORDER BY id LIMIT ?")) {
            int p = 1;
            if (after.isPresent()) {
                select.setString(p++, after.get());
            }
            select.setInt(p, limit + 1);
            List<Tenant> rows = readAll(select);
            if (rows.size() <= limit) {
                return new Page<>(rows, Optional.empty());
            }
            List<Tenant> page = rows.subList(0, limit);
            return new Page<>(page, Optional.of(Cursors.encode(CURSOR_LIST, page.getLast().id())));
        }
    }

    private static List<Tenant> readAll(PreparedStatement select) throws SQLException {
        List<Tenant> tenants = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                tenants.add(new Tenant(rows.getString(1), rows.getString(2), Instant.ofEpochMilli(rows.getLong(3)),
                        Optional.ofNullable(rows.getString(4)).map(names -> List.of(names.split(",")))));
            }
        }
        return tenants;
    }
}
