package dev.postcard.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * The SQL of event retention (migration V13): marks of when the log reached which position, and the deletion of
 * the events stored before a time, oldest first. An event that something still needs is never deleted, however
 * old: one an owed webhook delivery will send, or one the projector has not read yet.
 */
final class LogRetention {
    /** At most one mark per this long: the precision of "stored before". */
    static final Duration MARK_EVERY = Duration.ofHours(1);

    private LogRetention() {
    }

    /** Marks the log's head at {@code now}, unless a mark is less than an hour old. */
    static void mark(Connection connection, Instant now) throws SQLException {
        // The head in a scalar subquery: an aggregate in the outer SELECT would give a row even when the WHERE
        // leaves none.
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO log_marks (at, seq)"
                + " SELECT ?, (SELECT COALESCE(MAX(seq), 0) FROM events)"
                + " WHERE NOT EXISTS (SELECT 1 FROM log_marks WHERE at > ?) ON CONFLICT (at) DO NOTHING")) {
            insert.setLong(1, now.toEpochMilli());
            insert.setLong(2, now.minus(MARK_EVERY).toEpochMilli());
            insert.executeUpdate();
        }
    }

    /**
     * Deletes up to {@code max} of the oldest events stored before {@code cutoff} (by the marks) that nothing
     * needs; returns how many.
     */
    static int prune(Connection connection, Dialect dialect, Instant cutoff, int max) throws SQLException {
        long upTo = storedBefore(connection, cutoff);
        upTo = Math.min(upTo, neededFrom(connection, dialect) - 1);
        if (upTo <= 0) {
            return 0;
        }
        int deleted;
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM events WHERE seq IN"
                + " (SELECT seq FROM events WHERE seq <= ? ORDER BY seq LIMIT ?)")) {
            delete.setLong(1, upTo);
            delete.setInt(2, max);
            deleted = delete.executeUpdate();
        }
        if (deleted < max) {
            // Everything up to the newest old mark is gone: the older marks say nothing more.
            try (PreparedStatement forget = connection.prepareStatement("DELETE FROM log_marks WHERE at < ?"
                    + " AND seq < (SELECT MAX(seq) FROM log_marks WHERE at < ?)")) {
                forget.setLong(1, cutoff.toEpochMilli());
                forget.setLong(2, cutoff.toEpochMilli());
                forget.executeUpdate();
            }
        }
        return deleted;
    }

    /** The highest seq the log had reached by a mark made before {@code cutoff}; 0 when none was. */
    private static long storedBefore(Connection connection, Instant cutoff) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COALESCE(MAX(seq), 0) FROM log_marks WHERE at < ?")) {
            select.setLong(1, cutoff.toEpochMilli());
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * The lowest seq still needed: of a delivery still owed, or (PostgreSQL) of a commit the projector has not
     * read; on SQLite the projector's position bounds it. {@code Long.MAX_VALUE} when nothing is needed.
     */
    private static long neededFrom(Connection connection, Dialect dialect) throws SQLException {
        long needed = first(connection, "SELECT MIN(event_seq) FROM deliveries WHERE status = 'pending'");
        if (dialect == Dialect.POSTGRES) {
            needed = Math.min(needed, first(connection, "SELECT MIN(s) FROM log_commits, unnest(seqs) AS s"));
        } else {
            needed = Math.min(needed, first(connection, "SELECT position + 1 FROM log_positions"));
        }
        return needed;
    }

    private static long first(Connection connection, String sql) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet rows = select.executeQuery()) {
            long lowest = Long.MAX_VALUE;
            while (rows.next()) {
                long value = rows.getLong(1);
                if (!rows.wasNull()) {
                    lowest = Math.min(lowest, value);
                }
            }
            return lowest;
        }
    }
}
