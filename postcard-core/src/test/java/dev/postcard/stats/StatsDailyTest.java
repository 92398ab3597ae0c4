package dev.postcard.stats;

import static dev.postcard.stats.StatsStoreTest.M1;
import static dev.postcard.stats.StatsStoreTest.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.event.Event;
import dev.postcard.event.EventType;
import dev.postcard.storage.JdbcStore;
import dev.postcard.storage.OldSchemas;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Whole days of a period come from the daily rollup, the hours of its partial days from the hourly rows. */
class StatsDailyTest {
    private static final Instant FROM = Instant.parse("2026-11-20T22:10:00Z"); // counts from the 22:00 hour
    private static final Instant TO = Instant.parse("2026-11-23T01:30:00Z"); // the 01:00 hour starts before it

    @EachDatabase
    void aPeriodOfWholeAndPartialDaysCountsEveryHourInItOnce(TestDatabase db) throws SQLException {
        JdbcStatsStore[] stats = new JdbcStatsStore[1];
        JdbcStore store = StatsStoreTest.open(db, stats);
        store.append("t1", List.of(
                sent("evt_1", "2026-11-20T05:00:00Z"), // on the first day, before the period
                sent("evt_2", "2026-11-20T22:30:00Z"),
                sent("evt_3", "2026-11-21T12:00:00Z"),
                sent("evt_4", "2026-11-22T00:30:00Z"),
                sent("evt_5", "2026-11-22T23:59:59Z"),
                sent("evt_6", "2026-11-23T01:10:00Z"),
                sent("evt_7", "2026-11-23T02:00:00Z"))); // on the last day, after the period

        assertThat(sentOf(stats[0].query("t1", query(Optional.empty())))).containsExactly(Map.entry(0L, 5L));
        assertThat(sentOf(stats[0].query("t1", query(Optional.of(Interval.DAY))))).containsExactly(
                Map.entry(day("2026-11-20"), 1L), Map.entry(day("2026-11-21"), 1L), Map.entry(day("2026-11-22"), 2L),
                Map.entry(day("2026-11-23"), 1L));
        assertThat(sentOf(stats[0].query("t1", query(Optional.of(Interval.HOUR)))).values().stream()
                .mapToLong(Long::longValue).sum()).isEqualTo(5);
        // The days are in the rollup, whole: what the query read for the 21st and the 22nd.
        assertThat(dailySent(store)).containsExactly(Map.entry(day("2026-11-20"), 2L), Map.entry(day("2026-11-21"), 1L),
                Map.entry(day("2026-11-22"), 2L), Map.entry(day("2026-11-23"), 2L));
    }

    @EachDatabase
    void aPeriodWithinOneDayReadsItsHours(TestDatabase db) {
        JdbcStatsStore[] stats = new JdbcStatsStore[1];
        JdbcStore store = StatsStoreTest.open(db, stats);
        store.append("t1", List.of(sent("evt_1", "2026-11-21T09:00:00Z"), sent("evt_2", "2026-11-21T11:00:00Z")));

        StatsQuery morning = new StatsQuery(Instant.parse("2026-11-21T08:00:00Z"), Instant.parse("2026-11-21T10:00:00Z"),
                Optional.of(Interval.DAY), Dimension.ALL);
        assertThat(sentOf(stats[0].query("t1", morning))).containsExactly(Map.entry(day("2026-11-21"), 1L));
        StatsQuery empty = new StatsQuery(Instant.parse("2026-11-21T08:00:00Z"), Instant.parse("2026-11-21T08:00:00Z"),
                Optional.empty(), Dimension.ALL);
        assertThat(sentOf(stats[0].query("t1", empty))).containsExactly(Map.entry(0L, 0L));
    }

    /** The upgrade that adds the rollup fills it from the hours already counted, of every shard. */
    @EachDatabase
    void theUpgradeRollsUpTheHoursAlreadyCounted(TestDatabase db) throws SQLException {
        OldSchemas.at(db.url(), 11, connection -> {
            hour(connection, "2026-11-21T09:00:00Z", 0, 3);
            hour(connection, "2026-11-21T09:00:00Z", 5, 4);
            hour(connection, "2026-11-21T23:00:00Z", 0, 1);
            hour(connection, "2026-11-22T00:00:00Z", 2, 10);
        });
        JdbcStatsStore[] stats = new JdbcStatsStore[1];
        JdbcStore store = StatsStoreTest.open(db, stats);

        assertThat(dailySent(store)).containsExactly(Map.entry(day("2026-11-21"), 8L), Map.entry(day("2026-11-22"), 10L));
        assertThat(sentOf(stats[0].query("t1", query(Optional.of(Interval.DAY))))).containsExactly(
                Map.entry(day("2026-11-21"), 8L), Map.entry(day("2026-11-22"), 10L));
    }

    private static void hour(Connection connection, String hour, int shard, long sent) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO stats_hourly"
                + " (tenant_id, dimension, bucket, value, shard, sent) VALUES ('t1', 'all', ?, '', ?, ?)")) {
            insert.setLong(1, Instant.parse(hour).toEpochMilli());
            insert.setInt(2, shard);
            insert.setLong(3, sent);
            insert.executeUpdate();
        }
    }

    private static Event sent(String id, String at) {
        return event(id, EventType.EMAIL_SENT, M1, at);
    }

    private static StatsQuery query(Optional<Interval> interval) {
        return new StatsQuery(FROM, TO, interval, Dimension.ALL);
    }

    private static long day(String date) {
        return Instant.parse(date + "T00:00:00Z").toEpochMilli();
    }

    /** Sent per bucket start (0 without an interval). */
    private static Map<Long, Long> sentOf(List<StatsRow> rows) {
        Map<Long, Long> sent = new TreeMap<>();
        rows.forEach(row -> sent.put(row.bucket().map(Instant::toEpochMilli).orElse(0L),
                row.counts().get(Counter.SENT)));
        return sent;
    }

    private static Map<Long, Long> dailySent(JdbcStore store) throws SQLException {
        Map<Long, Long> sent = new TreeMap<>();
        try (Connection connection = store.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT bucket, sent FROM stats_daily WHERE tenant_id = 't1' AND dimension = 'all'");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                sent.put(rows.getLong(1), rows.getLong(2));
            }
        }
        return sent;
    }
}
