package dev.postcard.delivery;

import dev.postcard.secrets.SecretCell;
import dev.postcard.secrets.SecretTable;
import dev.postcard.secrets.StoredSecret;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The signing secrets of the {@code webhooks} table, for {@code postcard secrets} (see {@link SecretTable}). */
final class WebhookSecretRows implements SecretTable {
    static final WebhookSecretRows INSTANCE = new WebhookSecretRows();

    private WebhookSecretRows() {
    }

    @Override
    public String name() {
        return "webhooks";
    }

    @Override
    public List<SecretCell> cells(Connection connection, String afterId, int rows) throws SQLException {
        List<SecretCell> cells = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, tenant_id, secret, previous_secret"
                + " FROM webhooks WHERE id > ? ORDER BY id LIMIT ?")) {
            select.setString(1, afterId);
            select.setInt(2, rows);
            try (ResultSet found = select.executeQuery()) {
                while (found.next()) {
                    String id = found.getString(1);
                    String tenantId = found.getString(2);
                    cells.add(new SecretCell(WebhookSecrets.currentSlot(tenantId, id), new StoredSecret(found.getString(3))));
                    String previous = found.getString(4);
                    if (previous != null) {
                        cells.add(new SecretCell(WebhookSecrets.previousSlot(tenantId, id), new StoredSecret(previous)));
                    }
                }
            }
        }
        return cells;
    }

    @Override
    public boolean replace(Connection connection, SecretCell cell, StoredSecret replacement) throws SQLException {
        // The column comes from this closed pair, never from the data.
        String column = switch (cell.slot().column()) {
            case WebhookSecrets.CURRENT_COLUMN -> "secret";
            case WebhookSecrets.PREVIOUS_COLUMN -> "previous_secret";
            default -> throw new IllegalArgumentException("not a column of webhooks: " + cell.slot().column());
        };
        try (PreparedStatement update = connection.prepareStatement("UPDATE webhooks SET " + column + " = ?"
                + " WHERE id = ? AND tenant_id = ? AND " + column + " = ?")) {
            update.setString(1, replacement.text());
            update.setString(2, cell.slot().rowId());
            update.setString(3, cell.slot().tenantId());
            update.setString(4, cell.stored().text());
            return update.executeUpdate() == 1;
        }
    }
}
