package dev.postcard.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.Page;
import dev.postcard.PostcardException;
import dev.postcard.event.EventCodec;
import dev.postcard.secrets.SecretCipher;
import dev.postcard.secrets.SecretSlot;
import dev.postcard.secrets.StoredSecret;
import dev.postcard.storage.Cursors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the {@code sources} table. {@code settings} holds the provider's verification secrets: it is sealed
 * as a whole by the {@link SecretCipher} on the way in and opened on the way out.
 */
final class SourceRows {
    static final String CURSOR_LIST = "sources";
    static final String SETTINGS_COLUMN = "sources.settings";
    private static final String COLUMNS = "id, tenant_id, provider, settings, tolerance_seconds, keep_raw, created_at";

    private SourceRows() {
    }

    /** Where a source's settings are stored. */
    static SecretSlot settingsSlot(String tenantId, String sourceId) {
        return new SecretSlot(SETTINGS_COLUMN, tenantId, sourceId);
    }

    static boolean insert(Connection connection, SecretCipher cipher, Source source) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sources (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, source.id());
            insert.setString(2, source.tenantId());
            insert.setString(3, source.provider());
            insert.setString(4, cipher.seal(EventCodec.writeJson(source.settings()),
                    settingsSlot(source.tenantId(), source.id())).text());
            insert.setLong(5, source.tolerance().toSeconds());
            insert.setBoolean(6, source.keepRaw());
            insert.setLong(7, source.createdAt().toEpochMilli());
            return insert.executeUpdate() == 1;
        }
    }

    /** The source with this id, in any tenant: webhook URLs name the source, not the tenant. */
    static Optional<Source> find(Connection connection, SecretCipher cipher, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM sources WHERE id = ?")) {
            select.setString(1, id);
            return readAll(select, cipher).stream().findFirst();
        }
    }

    /** The tenant's oldest source of the provider. */
    static Optional<Source> first(Connection connection, SecretCipher cipher, String tenantId, String provider)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM sources WHERE provider = ? AND tenant_id = ? ORDER BY created_at, id LIMIT 1")) {
            select.setString(1, provider);
            select.setString(2, tenantId);
            return readAll(select, cipher).stream().findFirst();
        }
    }

    /** Oldest first. */
    static Page<Source> list(Connection connection, SecretCipher cipher, String tenantId, Optional<String> cursor,
            int limit) throws SQLException {
        Optional<List<String>> after = cursor.map(c -> Cursors.decode(CURSOR_LIST, c, 2));
        String sql = "SELECT " + COLUMNS + " FROM sources WHERE tenant_id = ?"
                + (after.isPresent() ? " AND (created_at > ? OR (created_at = ? AND id > ?))" : "")
                + " ORDER BY created_at, id LIMIT ?";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int p = 1;
            select.setString(p++, tenantId);
            p = Cursors.bindCreatedAtAndId(select, p, after);
            select.setInt(p, limit + 1);
            return Cursors.createdAtAndIdPage(CURSOR_LIST, readAll(select, cipher), limit, Source::createdAt, Source::id);
        }
    }

    static boolean delete(Connection connection, String tenantId, String id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM sources WHERE id = ? AND tenant_id = ?")) {
            delete.setString(1, id);
            delete.setString(2, tenantId);
            return delete.executeUpdate() == 1;
        }
    }

    private static List<Source> readAll(PreparedStatement select, SecretCipher cipher) throws SQLException {
        List<Source> sources = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String id = rows.getString(1);
                String tenantId = rows.getString(2);
                String settings = cipher.open(new StoredSecret(rows.getString(4)), settingsSlot(tenantId, id));
                sources.add(new Source(id, tenantId, rows.getString(3), settings(settings),
                        Duration.ofSeconds(rows.getLong(5)), rows.getBoolean(6), Instant.ofEpochMilli(rows.getLong(7))));
            }
        }
        return sources;
    }

    private static ObjectNode settings(String json) {
        try {
            JsonNode node = EventCodec.MAPPER.readTree(json);
            if (!(node instanceof ObjectNode object)) {
                throw new PostcardException("stored source settings are not a JSON object");
            }
            return object;
        } catch (JsonProcessingException e) {
            throw new PostcardException("stored source settings are unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
