package dev.postcard.providers;

import dev.postcard.secrets.SecretCell;
import dev.postcard.secrets.SecretTable;
import dev.postcard.secrets.StoredSecret;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The settings of the {@code sources} table, for {@code postcard secrets} (see {@link SecretTable}). */
final class SourceSecretRows implements SecretTable {
    static final SourceSecretRows INSTANCE = new SourceSecretRows();

    private SourceSecretRows() {
    }

    @Override
    public String name() {
        return "sources";
    }

    @Override
    public List<SecretCell> cells(Connection connection, String afterId, int rows) throws SQLException {
        List<SecretCell> cells = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, tenant_id, settings FROM sources WHERE id > ? ORDER BY id LIMIT ?")) {
            select.setString(1, afterId);
            select.setInt(2, rows);
            try (ResultSet found = select.executeQuery()) {
                while (found.next()) {
                    cells.add(new SecretCell(SourceRows.settingsSlot(found.getString(2), found.getString(1)),
                            new StoredSecret(found.getString(3))));
                }
            }
        }
        return cells;
    }

    @Override
    public boolean replace(Connection connection, SecretCell cell, StoredSecret replacement) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE sources SET settings = ? WHERE id = ? AND tenant_id = ? AND settings = ?")) {
            update.setString(1, replacement.text());
            update.setString(2, cell.slot().rowId());
            update.setString(3, cell.slot().tenantId());
            update.setString(4, cell.stored().text());
            return update.executeUpdate() == 1;
        }
    }
}
