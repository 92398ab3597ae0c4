package dev.postcard.alerts;

import dev.postcard.PostcardException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The SQL of alerts ({@code alert_counts}, {@code alert_states}), shared by SQLite and PostgreSQL. Each change
 * of state is one conditional statement, so of several nodes deciding together exactly one changes the row.
 */
public final class AlertRows {
    static final long MINUTE = 60_000;

    private final DataSource dataSource;

    public AlertRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** The start of the minute that holds {@code millis}. */
    static long minuteOf(long millis) {
        return Math.floorDiv(millis, MINUTE) * MINUTE;
    }

    /** The tenant's counts in the minutes starting at or after {@code from} and before {@code until}. */
    public WindowCounts window(String tenantId, long from, long until) {
        return run("read alert counts", c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT COALESCE(SUM(sent), 0),"
                    + " COALESCE(SUM(delivered), 0), COALESCE(SUM(bounced), 0), COALESCE(SUM(complained), 0)"
                    + " FROM alert_counts WHERE tenant_id = ? AND bucket_start >= ? AND bucket_start < ?")) {
                query.setString(1, tenantId);
                query.setLong(2, from);
                query.setLong(3, until);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return new WindowCounts(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4));
                }
            }
        });
    }

    /** Tenants with counts in the minutes from {@code from}, or with an alert triggered: the ones to re-check. */
    public Set<String> tenantsToCheck(long from) {
        return run("list tenants with alert counts", c -> {
            Set<String> tenants = new LinkedHashSet<>();
            try (PreparedStatement query = c.prepareStatement("SELECT DISTINCT tenant_id FROM alert_counts"
                    + " WHERE bucket_start >= ? UNION SELECT tenant_id FROM alert_states WHERE state = 'triggered'")) {
                query.setLong(1, from);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        tenants.add(rows.getString(1));
                    }
                }
            }
            return tenants;
        });
    }

    /** Forgets the minutes before {@code before}: no window reaches them any more. */
    public int prune(long before) {
        return run("prune alert counts", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM alert_counts WHERE bucket_start < ?")) {
                delete.setLong(1, before);
                return delete.executeUpdate();
            }
        });
    }

    /** The tenant's alerts that ever triggered, by kind. */
    public Map<AlertKind, AlertState> states(String tenantId) {
        return run("read alert states", c -> {
            try (PreparedStatement query = c.prepareStatement(SELECT_STATE + " WHERE tenant_id = ?")) {
                query.setString(1, tenantId);
                Map<AlertKind, AlertState> states = new EnumMap<>(AlertKind.class);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        AlertState state = state(rows);
                        states.put(state.kind(), state);
                    }
                }
                return states;
            }
        });
    }

    public Optional<AlertState> state(String tenantId, AlertKind kind) {
        return run("read alert state", c -> {
            try (PreparedStatement query = c.prepareStatement(SELECT_STATE + " WHERE tenant_id = ? AND kind = ?")) {
                query.setString(1, tenantId);
                query.setString(2, kind.wireName());
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(state(rows)) : Optional.empty();
                }
            }
        });
    }

    /** Triggered alerts whose event is not recorded yet (a crash came between the decision and the event). */
    public List<AlertState> unannounced() {
        return run("list unannounced alerts", c -> {
            try (PreparedStatement query = c.prepareStatement(SELECT_STATE
                    + " WHERE state = 'triggered' AND announced = ?")) {
                query.setBoolean(1, false);
                List<AlertState> states = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        states.add(state(rows));
                    }
                }
                return states;
            }
        });
    }

    /**
     * Stores {@code crossing} (triggered, not announced) if the alert is still as the caller read it: no row when
     * {@code seenCrossing} is empty, else clear since that crossing. True when this call made the change, so
     * exactly one caller announces it.
     */
    public boolean trigger(AlertState crossing, Optional<String> seenCrossing) {
        return run("trigger alert", c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO alert_states (tenant_id, kind, state,"
                    + " since, rate, threshold, window_seconds, sent, delivered, affected, event_id, announced)"
                    + " VALUES (?, ?, 'triggered', ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (tenant_id, kind) DO UPDATE SET state = 'triggered', since = excluded.since,"
                    + " rate = excluded.rate, threshold = excluded.threshold,"
                    + " window_seconds = excluded.window_seconds, sent = excluded.sent,"
                    + " delivered = excluded.delivered, affected = excluded.affected, event_id = excluded.event_id,"
                    + " announced = excluded.announced"
                    + " WHERE alert_states.state = 'clear' AND alert_states.event_id = ?")) {
                upsert.setString(1, crossing.tenantId());
                upsert.setString(2, crossing.kind().wireName());
                upsert.setLong(3, crossing.since().toEpochMilli());
                upsert.setDouble(4, crossing.rate());
                upsert.setDouble(5, crossing.threshold());
                upsert.setLong(6, crossing.windowSeconds());
                upsert.setLong(7, crossing.counts().sent());
                upsert.setLong(8, crossing.counts().delivered());
                upsert.setLong(9, crossing.counts().affected(crossing.kind()));
                upsert.setString(10, crossing.eventId());
                upsert.setBoolean(11, false);
                // NULL when no row was read: a row another node inserted since equals nothing, so it is kept.
                upsert.setString(12, seenCrossing.orElse(null));
                return upsert.executeUpdate() == 1;
            }
        });
    }

    /**
     * Clears the alert if it is still triggered by {@code crossing} and that crossing's event is recorded (an
     * unannounced one waits for its event first), keeping the figures of the moment it cleared; true when this
     * call made the change.
     */
    public boolean clear(String tenantId, AlertKind kind, String crossing, Instant at, double rate,
                         WindowCounts counts) {
        return run("clear alert", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE alert_states SET state = 'clear', since = ?,"
                    + " rate = ?, sent = ?, delivered = ?, affected = ?"
                    + " WHERE tenant_id = ? AND kind = ? AND event_id = ? AND state = 'triggered' AND announced = ?")) {
                update.setLong(1, at.toEpochMilli());
                update.setDouble(2, rate);
                update.setLong(3, counts.sent());
                update.setLong(4, counts.delivered());
                update.setLong(5, counts.affected(kind));
                update.setString(6, tenantId);
                update.setString(7, kind.wireName());
                update.setString(8, crossing);
                update.setBoolean(9, true);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Notes that the crossing's event is recorded. */
    public void markAnnounced(String tenantId, AlertKind kind, String eventId) {
        run("mark alert announced", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE alert_states SET announced = ?"
                    + " WHERE tenant_id = ? AND kind = ? AND event_id = ?")) {
                update.setBoolean(1, true);
                update.setString(2, tenantId);
                update.setString(3, kind.wireName());
                update.setString(4, eventId);
                return update.executeUpdate();
            }
        });
    }

    private static final String SELECT_STATE = "SELECT tenant_id, kind, state, since, rate, threshold,"
            + " window_seconds, sent, delivered, affected, event_id, announced FROM alert_states";

    private static AlertState state(ResultSet rows) throws SQLException {
        AlertKind kind = AlertKind.of(rows.getString(2));
        long affected = rows.getLong(10);
        WindowCounts counts = new WindowCounts(rows.getLong(8), rows.getLong(9),
                kind == AlertKind.BOUNCE_RATE ? affected : 0, kind == AlertKind.COMPLAINT_RATE ? affected : 0);
        return new AlertState(rows.getString(1), kind, "triggered".equals(rows.getString(3)),
                Instant.ofEpochMilli(rows.getLong(4)), rows.getDouble(5), rows.getDouble(6), rows.getLong(7), counts,
                rows.getString(11), rows.getBoolean(12));
    }

    private <T> T run(String operation, SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new PostcardException("cannot " + operation + ": " + e.getMessage(), e);
        }
    }
}
