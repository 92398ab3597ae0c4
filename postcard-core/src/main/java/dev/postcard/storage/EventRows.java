package dev.postcard.storage;

import dev.postcard.Page;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventQuery;
import dev.postcard.event.LogEntry;
import dev.postcard.event.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The SQL of the {@code events} table: the append-only log. */
final class EventRows {
    /** Rows per multi-row INSERT: 7 parameters each stays far below either database's parameter limit. */
    private static final int INSERT_CHUNK = 200;
    private static final int SELECT_CHUNK = 500;
    private static final String COLUMNS = "seq, tenant_id, payload";

    /** An event ready to be written: its JSON is computed once, stored, and handed back as is. */
    record Candidate(String tenantId, Event event, String json) {
        EventKey key() {
            return new EventKey(tenantId, event.id());
        }

        StoredEvent stored(long seq) {
            return new StoredEvent(seq, tenantId, event, json);
        }
    }

    private EventRows() {
    }

    /** Inserts the candidates whose key is not stored yet; returns the log position of each one inserted. */
    static Map<EventKey, Long> insertNew(Connection connection, List<Candidate> candidates) throws SQLException {
        Map<EventKey, Long> inserted = new HashMap<>();
        for (int from = 0; from < candidates.size(); from += INSERT_CHUNK) {
            List<Candidate> chunk = candidates.subList(from, Math.min(candidates.size(), from + INSERT_CHUNK));
            String sql = "INSERT INTO events (tenant_id, id, type, email_id, recipient, created_at, payload) VALUES "
                    + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?, ?, ?)"))
                    + " ON CONFLICT (tenant_id, id) DO NOTHING RETURNING seq, tenant_id, id";
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                int p = 1;
                for (Candidate candidate : chunk) {
                    Event event = candidate.event();
                    boolean aboutEmail = event.type().isEmailEvent();
                    insert.setString(p++, candidate.tenantId());
                    insert.setString(p++, event.id());
                    insert.setString(p++, event.type().wireName());
                    Columns.setText(insert, p++, aboutEmail ? event.emailId() : Optional.empty());
                    Columns.setText(insert, p++, event.recipient().map(a -> a.toLowerCase(Locale.ROOT)));
                    insert.setLong(p++, event.createdAt().toEpochMilli());
                    insert.setString(p++, candidate.json());
                }
                // RETURNING order is not promised to follow VALUES order, so rows are matched by key.
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        inserted.put(new EventKey(rows.getString(2), rows.getString(3)), rows.getLong(1));
                    }
                }
            }
        }
        return inserted;
    }

    /** The stored events with these keys. */
    static Map<EventKey, StoredEvent> findAll(Connection connection, Collection<EventKey> keys) throws SQLException {
        Map<String, List<String>> idsByTenant = new LinkedHashMap<>();
        keys.forEach(key -> idsByTenant.computeIfAbsent(key.tenantId(), t -> new ArrayList<>()).add(key.id()));
        Map<EventKey, StoredEvent> found = new HashMap<>();
        for (Map.Entry<String, List<String>> tenant : idsByTenant.entrySet()) {
            List<String> ids = tenant.getValue();
            for (int from = 0; from < ids.size(); from += SELECT_CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + SELECT_CHUNK));
                String sql = "SELECT " + COLUMNS + " FROM events WHERE tenant_id = ? AND id IN ("
                        + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
                try (PreparedStatement select = connection.prepareStatement(sql)) {
                    select.setString(1, tenant.getKey());
                    for (int i = 0; i < chunk.size(); i++) {
                        select.setString(i + 2, chunk.get(i));
                    }
                    for (StoredEvent stored : readAll(select)) {
                        found.put(new EventKey(stored.tenantId(), stored.event().id()), stored);
                    }
                }
            }
        }
        return found;
    }

    static Optional<StoredEvent> find(Connection connection, String tenantId, String eventId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM events WHERE tenant_id = ? AND id = ?")) {
            select.setString(1, tenantId);
            select.setString(2, eventId);
            return readAll(select).stream().findFirst();
        }
    }

    /** The events at these positions in every tenant, by position; one query per 500. */
    static Map<Long, StoredEvent> atPositions(Connection connection, List<Long> seqs) throws SQLException {
        Map<Long, StoredEvent> found = new HashMap<>();
        for (int from = 0; from < seqs.size(); from += SELECT_CHUNK) {
            List<Long> chunk = seqs.subList(from, Math.min(seqs.size(), from + SELECT_CHUNK));
            String sql = "SELECT " + COLUMNS + " FROM events WHERE seq IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setLong(i + 1, chunk.get(i));
                }
                readAll(select).forEach(stored -> found.put(stored.seq(), stored));
            }
        }
        return found;
    }

    /** Newest first; one row more than the limit, so the caller knows whether another page exists. */
    static Page<StoredEvent> list(Connection connection, String tenantId, EventQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM events WHERE tenant_id = ?");
        List<Object> parameters = new ArrayList<>(List.of(tenantId));
        filters(sql, parameters, query);
        query.cursor().ifPresent(cursor -> condition(sql, parameters, "seq < ?",
                Cursors.number(Cursors.decode(Cursors.EVENTS, cursor, 1).getFirst())));
        sql.append(" ORDER BY seq DESC LIMIT ?");
        parameters.add(query.limit() + 1);
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            bind(select, parameters);
            List<StoredEvent> rows = readAll(select);
            if (rows.size() <= query.limit()) {
                return new Page<>(rows, Optional.empty());
            }
            List<StoredEvent> page = rows.subList(0, query.limit());
            return new Page<>(page, Optional.of(Cursors.encode(Cursors.EVENTS, page.getLast().seq())));
        }
    }

    /**
     * The events after log position {@code afterSeq} that pass the query's filters, in log order: what a live
     * stream has not sent yet. The query's cursor and limit are not used; {@code limit} bounds the rows.
     */
    static List<LogEntry> after(Connection connection, String tenantId, EventQuery filters, long afterSeq, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT seq, id, type, payload FROM events WHERE tenant_id = ?");
        List<Object> parameters = new ArrayList<>(List.of(tenantId));
        filters(sql, parameters, filters);
        condition(sql, parameters, "seq > ?", afterSeq);
        sql.append(" ORDER BY seq LIMIT ?");
        parameters.add(limit);
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            bind(select, parameters);
            return readEntries(select);
        }
    }

    /** The log positions in {@code (after, before)} of the events that pass the filters, ascending: no payloads. */
    static List<Long> positions(Connection connection, String tenantId, EventQuery filters, long after, long before)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT seq FROM events WHERE tenant_id = ?");
        List<Object> parameters = new ArrayList<>(List.of(tenantId));
        filters(sql, parameters, filters);
        condition(sql, parameters, "seq > ?", after);
        condition(sql, parameters, "seq < ?", before);
        sql.append(" ORDER BY seq");
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            bind(select, parameters);
            List<Long> positions = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    positions.add(rows.getLong(1));
                }
            }
            return positions;
        }
    }

    /** The tenant's events at these log positions, in log order. */
    static List<LogEntry> at(Connection connection, String tenantId, List<Long> positions) throws SQLException {
        List<LogEntry> entries = new ArrayList<>();
        for (int from = 0; from < positions.size(); from += SELECT_CHUNK) {
            List<Long> chunk = positions.subList(from, Math.min(positions.size(), from + SELECT_CHUNK));
            try (PreparedStatement select = connection.prepareStatement("SELECT seq, id, type, payload FROM events"
                    + " WHERE tenant_id = ? AND seq IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?"))
                    + ") ORDER BY seq")) {
                select.setString(1, tenantId);
                for (int i = 0; i < chunk.size(); i++) {
                    select.setLong(i + 2, chunk.get(i));
                }
                entries.addAll(readEntries(select));
            }
        }
        return entries;
    }

    /** The tenant's newest event's log position and id. */
    static Optional<LogEntry> last(Connection connection, String tenantId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq, id, type FROM events WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1")) {
            select.setString(1, tenantId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(new LogEntry(rows.getLong(1), rows.getString(2), rows.getString(3),
                        null)) : Optional.empty();
            }
        }
    }

    static List<StoredEvent> timeline(Connection connection, String tenantId, String emailId, int limit)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM events WHERE tenant_id = ? AND email_id = ? ORDER BY seq LIMIT ?")) {
            select.setString(1, tenantId);
            select.setString(2, emailId);
            select.setInt(3, limit);
            return readAll(select);
        }
    }

    /** The conditions of a query's filters (not its cursor), shared by the event list and live streams. */
    private static void filters(StringBuilder sql, List<Object> parameters, EventQuery query) {
        query.type().ifPresent(type -> condition(sql, parameters, "type = ?", type.wireName()));
        query.emailId().ifPresent(emailId -> condition(sql, parameters, "email_id = ?", emailId));
        query.to().ifPresent(to -> condition(sql, parameters, "recipient = ?", to));
        query.since().ifPresent(since -> condition(sql, parameters, "created_at >= ?", since.toEpochMilli()));
        query.until().ifPresent(until -> condition(sql, parameters, "created_at < ?", until.toEpochMilli()));
    }

    private static void bind(PreparedStatement select, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            select.setObject(i + 1, parameters.get(i));
        }
    }

    /** Rows of {@code seq, id, type, payload}. */
    private static List<LogEntry> readEntries(PreparedStatement select) throws SQLException {
        List<LogEntry> entries = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                entries.add(new LogEntry(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4)));
            }
        }
        return entries;
    }

    private static void condition(StringBuilder sql, List<Object> parameters, String condition, Object value) {
        sql.append(" AND ").append(condition);
        parameters.add(value);
    }

    private static List<StoredEvent> readAll(PreparedStatement select) throws SQLException {
        List<StoredEvent> events = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String json = rows.getString(3);
                events.add(new StoredEvent(rows.getLong(1), rows.getString(2), EventCodec.fromStoredJson(json), json));
            }
        }
        return events;
    }
}
