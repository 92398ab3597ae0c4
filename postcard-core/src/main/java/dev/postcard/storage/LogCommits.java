package dev.postcard.storage;

import dev.postcard.event.StoredEvent;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the log stands for a projection, and what comes after a position, on each database (see migration
 * V11). SQLite has one writer, so seqs are given in commit order and a position is the last seq projected.
 * PostgreSQL's writers run side by side: each append transaction records its seqs under its transaction id,
 * and a position is the last transaction id projected; only transactions below the oldest one still running
 * are read, so none can commit below a position later.
 */
final class LogCommits {
    /** The log from a position on: the events, and the position after them. */
    record Chunk(List<StoredEvent> events, long position) {
    }

    private LogCommits() {
    }

    /** In the append transaction: on PostgreSQL, the row that tells the projector which seqs it stored. */
    static void record(Connection connection, Dialect dialect, List<StoredEvent> fresh) throws SQLException {
        if (dialect != Dialect.POSTGRES || fresh.isEmpty()) {
            return;
        }
        Long[] seqs = new Long[fresh.size()];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = fresh.get(i).seq();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO log_commits (seqs) VALUES (?)")) {
            Array array = connection.createArrayOf("bigint", seqs);
            insert.setArray(1, array);
            insert.executeUpdate();
            array.free();
        }
    }

    /** The projection's position, locked until the transaction ends (so one projector at a time, on any node). */
    static long lockPosition(Connection connection, Dialect dialect, String name) throws SQLException {
        // SQLite: the transaction already holds the database's write lock (BEGIN IMMEDIATE).
        String sql = "SELECT position FROM log_positions WHERE name = ?" + (dialect == Dialect.POSTGRES ? " FOR UPDATE" : "");
        return position(connection, sql, name);
    }

    /** The projection's position as last committed, without a lock. */
    static long position(Connection connection, String name) throws SQLException {
        return position(connection, "SELECT position FROM log_positions WHERE name = ?", name);
    }

    private static long position(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("no log position named " + name + " (migration V11 adds it)");
                }
                return rows.getLong(1);
            }
        }
    }

    static void setPosition(Connection connection, String name, long position) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE log_positions SET position = ? WHERE name = ?")) {
            update.setLong(1, position);
            update.setString(2, name);
            update.executeUpdate();
        }
    }

    /** The position of the newest commit visible now: everything committed so far is projected once the position reaches it. */
    static long head(Connection connection, Dialect dialect) throws SQLException {
        String sql = dialect == Dialect.POSTGRES
                ? "SELECT tx::text::bigint FROM log_commits ORDER BY tx DESC LIMIT 1"
                : "SELECT seq FROM events ORDER BY seq DESC LIMIT 1";
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet rows = select.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    /**
     * The events after {@code position}, about {@code maxEvents} of them (whole commits on PostgreSQL, so a
     * chunk may hold a commit's worth more), and the position after them; the same position when nothing
     * follows that can be read yet. Only their positions are read here: the events themselves come from
     * {@code known} (the ones this node just appended, already parsed) and from the log for the rest.
     */
    static Chunk after(Connection connection, Dialect dialect, long position, int maxEvents,
            Map<Long, StoredEvent> known) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        long last = position;
        if (dialect == Dialect.SQLITE) {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT seq FROM events WHERE seq > ? ORDER BY seq LIMIT ?")) {
                select.setLong(1, position);
                select.setInt(2, maxEvents);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        seqs.add(rows.getLong(1));
                    }
                }
            }
            last = seqs.isEmpty() ? position : seqs.getLast();
        } else {
            try (PreparedStatement select = connection.prepareStatement("SELECT tx::text::bigint, seqs FROM log_commits"
                    + " WHERE tx > ?::text::xid8 AND tx < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY tx LIMIT ?")) {
                select.setString(1, Long.toString(position));
                select.setInt(2, maxEvents);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next() && seqs.size() < maxEvents) {
                        last = rows.getLong(1);
                        Array array = rows.getArray(2);
                        for (Object seq : (Object[]) array.getArray()) {
                            seqs.add(((Number) seq).longValue());
                        }
                        array.free();
                    }
                }
            }
        }
        Map<Long, StoredEvent> found = new HashMap<>();
        List<Long> unknown = new ArrayList<>();
        for (long seq : seqs) {
            StoredEvent stored = known.get(seq); // once: another thread may drop it from known meanwhile
            if (stored != null) {
                found.put(seq, stored);
            } else {
                unknown.add(seq);
            }
        }
        if (!unknown.isEmpty()) {
            found.putAll(EventRows.atPositions(connection, unknown));
        }
        List<StoredEvent> events = new ArrayList<>(seqs.size());
        for (long seq : seqs) {
            StoredEvent stored = found.get(seq);
            if (stored == null) {
                throw new SQLException("the log lost seq " + seq + " between two reads");
            }
            events.add(stored);
        }
        return new Chunk(events, last);
    }

    /**
     * Whether the log holds more after {@code chunk} than it read: a full chunk on SQLite; on PostgreSQL, commits
     * left after it (held back by the horizon, or committed since), once the projected ones are forgotten.
     */
    static boolean more(Connection connection, Dialect dialect, Chunk chunk, int maxEvents) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            return chunk.events().size() >= maxEvents;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM log_commits WHERE tx > ?::text::xid8 LIMIT 1")) {
            select.setString(1, Long.toString(chunk.position()));
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** PostgreSQL: forgets the commits at or below a position every projection has passed. */
    static void forget(Connection connection, Dialect dialect, long position) throws SQLException {
        if (dialect != Dialect.POSTGRES) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM log_commits WHERE tx <= ?::text::xid8")) {
            delete.setString(1, Long.toString(position));
            delete.executeUpdate();
        }
    }
}
