package dev.postcard.templates;

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
import java.util.OptionalInt;

/**
 * The SQL of templates ({@code templates}, {@code template_versions}, migration V15), the same on SQLite and
 * PostgreSQL. A template row holds what is not versioned (name, current version, deletion); each version's
 * sources stay as they were made, for the sends that rendered them. Every statement names the tenant.
 */
final class TemplateRows {
    private static final String CURSOR_LIST = "templates";
    private static final String SELECT = "SELECT t.id, t.name, v.version, v.subject, v.html, v.text, t.created_at,"
            + " v.created_at FROM templates t JOIN template_versions v ON v.tenant_id = t.tenant_id"
            + " AND v.template_id = t.id";

    private TemplateRows() {
    }

    /** Stores a new template and its first version. */
    static void insert(Connection connection, String tenantId, Template template) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO templates (tenant_id, id, name,"
                + " current_version, created_at, updated_at, deleted) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, tenantId);
            insert.setString(2, template.id());
            insert.setString(3, template.name());
            insert.setInt(4, template.version());
            insert.setLong(5, template.createdAt().toEpochMilli());
            insert.setLong(6, template.updatedAt().toEpochMilli());
            insert.setBoolean(7, false);
            insert.executeUpdate();
        }
        insertVersion(connection, tenantId, template);
    }

    /** Stores {@code template} as a version of its template. */
    static void insertVersion(Connection connection, String tenantId, Template template) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO template_versions (tenant_id,"
                + " template_id, version, subject, html, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, tenantId);
            insert.setString(2, template.id());
            insert.setInt(3, template.version());
            Columns.setText(insert, 4, template.content().subject());
            Columns.setText(insert, 5, template.content().html());
            Columns.setText(insert, 6, template.content().text());
            insert.setLong(7, template.updatedAt().toEpochMilli());
            insert.executeUpdate();
        }
    }

    /** The template's current version, or {@code version} when given; empty when deleted or never made. */
    static Optional<Template> find(Connection connection, String tenantId, String templateId, OptionalInt version)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE t.tenant_id = ? AND t.id = ?"
                + " AND t.deleted = ? AND v.version = " + (version.isPresent() ? "?" : "t.current_version"))) {
            select.setString(1, tenantId);
            select.setString(2, templateId);
            select.setBoolean(3, false);
            if (version.isPresent()) {
                select.setInt(4, version.getAsInt());
            }
            return readAll(select).stream().findFirst();
        }
    }

    /** The tenant's templates at their current versions, newest first. */
    static Page<Template> list(Connection connection, String tenantId, Optional<String> cursor, int limit)
            throws SQLException {
        Optional<List<String>> after = cursor.map(c -> Cursors.decode(CURSOR_LIST, c, 2));
        String sql = SELECT + " WHERE t.tenant_id = ? AND t.deleted = ? AND v.version = t.current_version"
                + (after.isPresent() ? " AND (t.created_at < ? OR (t.created_at = ? AND t.id < ?))" : "")
                + " ORDER BY t.created_at DESC, t.id DESC LIMIT ?";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int p = 1;
            select.setString(p++, tenantId);
            select.setBoolean(p++, false);
            p = Cursors.bindCreatedAtAndId(select, p, after);
            select.setInt(p, limit + 1);
            return Cursors.createdAtAndIdPage(CURSOR_LIST, readAll(select), limit, Template::createdAt, Template::id);
        }
    }

    /** A template row moved to its next version: the version to store, under the template's name. */
    record Advanced(String name, int version, Instant createdAt) {
    }

    /**
     * Moves the template to its next version (and {@code name}, when given): the row is locked for the rest of
     * the transaction, so concurrent updates take turns and each makes its own version. Empty when the tenant
     * has no such template.
     */
    static Optional<Advanced> advance(Connection connection, String tenantId, String templateId,
                                      Optional<String> name, Instant at) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE templates SET"
                + " current_version = current_version + 1, updated_at = ?" + (name.isPresent() ? ", name = ?" : "")
                + " WHERE tenant_id = ? AND id = ? AND deleted = ?")) {
            int p = 1;
            update.setLong(p++, at.toEpochMilli());
            if (name.isPresent()) {
                update.setString(p++, name.get());
            }
            update.setString(p++, tenantId);
            update.setString(p++, templateId);
            update.setBoolean(p, false);
            if (update.executeUpdate() != 1) {
                return Optional.empty();
            }
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT name, current_version, created_at"
                + " FROM templates WHERE tenant_id = ? AND id = ?")) {
            select.setString(1, tenantId);
            select.setString(2, templateId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return Optional.of(new Advanced(rows.getString(1), rows.getInt(2),
                        Instant.ofEpochMilli(rows.getLong(3))));
            }
        }
    }

    /** Marks the template deleted (its versions stay); false when the tenant has no such template. */
    static boolean markDeleted(Connection connection, String tenantId, String templateId, Instant at)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE templates SET deleted = ?,"
                + " updated_at = ? WHERE tenant_id = ? AND id = ? AND deleted = ?")) {
            update.setBoolean(1, true);
            update.setLong(2, at.toEpochMilli());
            update.setString(3, tenantId);
            update.setString(4, templateId);
            update.setBoolean(5, false);
            return update.executeUpdate() == 1;
        }
    }

    private static List<Template> readAll(PreparedStatement select) throws SQLException {
        List<Template> templates = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                TemplateContent content = new TemplateContent(Optional.ofNullable(rows.getString(4)),
                        Optional.ofNullable(rows.getString(5)), Optional.ofNullable(rows.getString(6)));
                templates.add(new Template(rows.getString(1), rows.getString(2), rows.getInt(3), content,
                        Instant.ofEpochMilli(rows.getLong(7)), Instant.ofEpochMilli(rows.getLong(8))));
            }
        }
        return templates;
    }
}
