package dev.postcard.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** The SQL of the stats tables ({@code stats_hourly}, {@code stats_daily}, {@code stats_firsts}, {@code link_clicks_*}). */
final class StatsRows {
    private static final String COLUMNS = Arrays.stream(Counter.all()).map(Counter::column)
            .collect(Collectors.joining(", "));
    private static final String UPSERT_BUCKET = "INSERT INTO stats_hourly (tenant_id, dimension, bucket, value, shard, "
            + COLUMNS + ") VALUES (?, ?, ?, ?, ?" + ", ?".repeat(Counter.count()) + ") "
            + "ON CONFLICT (tenant_id, dimension, bucket, value, shard) DO UPDATE SET "
            + Arrays.stream(Counter.all()).map(c -> c.column() + " = stats_hourly." + c.column() + " + excluded." + c.column())
                    .collect(Collectors.joining(", "));
    private static final String UPSERT_DAY = "INSERT INTO stats_daily (tenant_id, dimension, bucket, value, "
            + COLUMNS + ") VALUES (?, ?, ?, ?" + ", ?".repeat(Counter.count()) + ") "
            + "ON CONFLICT (tenant_id, dimension, bucket, value) DO UPDATE SET "
            + Arrays.stream(Counter.all()).map(c -> c.column() + " = stats_daily." + c.column() + " + excluded." + c.column())
                    .collect(Collectors.joining(", "));
    static final long DAY = 86_400_000L;
    private static final String SUMS = Arrays.stream(Counter.all()).map(c -> "SUM(" + c.column() + ")")
            .collect(Collectors.joining(", "));
    private static final String LINK_SUMS = "SUM(total) AS t, SUM(human) AS h, SUM(unique_human) AS u";

    private StatsRows() {
    }

    record First(String tenantId, String emailId, String kind) implements Comparable<First> {
        @Override
        public int compareTo(First o) {
            int c = tenantId.compareTo(o.tenantId);
            c = c != 0 ? c : emailId.compareTo(o.emailId);
            return c != 0 ? c : kind.compareTo(o.kind);
        }
    }

    record BucketKey(String tenantId, String dimension, long bucket, String value) implements Comparable<BucketKey> {
        @Override
        public int compareTo(BucketKey o) {
            int c = tenantId.compareTo(o.tenantId);
            c = c != 0 ? c : dimension.compareTo(o.dimension);
            c = c != 0 ? c : Long.compare(bucket, o.bucket);
            return c != 0 ? c : value.compareTo(o.value);
        }
    }

    record EmailLinkKey(String tenantId, String emailId, String url) implements Comparable<EmailLinkKey> {
        @Override
        public int compareTo(EmailLinkKey o) {
            int c = tenantId.compareTo(o.tenantId);
            c = c != 0 ? c : emailId.compareTo(o.emailId);
            return c != 0 ? c : url.compareTo(o.url);
        }
    }

    record TagLinkKey(String tenantId, String tag, long bucket, String url) implements Comparable<TagLinkKey> {
        @Override
        public int compareTo(TagLinkKey o) {
            int c = tenantId.compareTo(o.tenantId);
            c = c != 0 ? c : tag.compareTo(o.tag);
            c = c != 0 ? c : Long.compare(bucket, o.bucket);
            return c != 0 ? c : url.compareTo(o.url);
        }
    }

    /** The entries in key order: the order every writer takes its row locks in. */
    private static <K extends Comparable<K>> List<Map.Entry<K, long[]>> sorted(Map<K, long[]> rows) {
        List<Map.Entry<K, long[]>> entries = new ArrayList<>(rows.entrySet());
        entries.sort(Map.Entry.comparingByKey());
        return entries;
    }

    /**
     * Inserts each candidate unless its row exists; true at the index of each candidate that inserted (of equal
     * candidates, the first in the list). Written in key order, so concurrent writers lock in one order.
     */
    static boolean[] insertFirsts(Connection connection, List<First> candidates) throws SQLException {
        boolean[] inserted = new boolean[candidates.size()];
        // Only the earliest of equal candidates can be a first: the others are not sent to the database.
        Map<First, Integer> earliest = new java.util.TreeMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            earliest.putIfAbsent(candidates.get(i), i);
        }
        if (earliest.isEmpty()) {
            return inserted;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO stats_firsts (tenant_id, email_id, kind) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (First first : earliest.keySet()) {
                insert.setString(1, first.tenantId());
                insert.setString(2, first.emailId());
                insert.setString(3, first.kind());
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            int j = 0;
            for (int index : earliest.values()) {
                inserted[index] = counts[j++] > 0;
            }
        }
        return inserted;
    }

    /**
     * Adds the hour buckets to the rows of {@code shard} of {@code stats_hourly} (appending writers once used one
     * shard each; the rows of every shard are summed when read), and the same counts to their days in
     * {@code stats_daily}.
     */
    static void upsertBuckets(Connection connection, int shard, Map<BucketKey, long[]> hours) throws SQLException {
        if (hours.isEmpty()) {
            return;
        }
        Map<BucketKey, long[]> days = new java.util.HashMap<>();
        for (Map.Entry<BucketKey, long[]> hour : hours.entrySet()) {
            BucketKey key = hour.getKey();
            long[] sum = days.computeIfAbsent(new BucketKey(key.tenantId(), key.dimension(),
                    Math.floorDiv(key.bucket(), DAY) * DAY, key.value()), k -> new long[Counter.count()]);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += hour.getValue()[i];
            }
        }
        upsert(connection, UPSERT_BUCKET, OptionalInt.of(shard), hours);
        upsert(connection, UPSERT_DAY, OptionalInt.empty(), days);
    }

    private static void upsert(Connection connection, String sql, OptionalInt shard, Map<BucketKey, long[]> buckets)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(sql)) {
            for (Map.Entry<BucketKey, long[]> entry : sorted(buckets)) {
                BucketKey key = entry.getKey();
                int p = 1;
                upsert.setString(p++, key.tenantId());
                upsert.setString(p++, key.dimension());
                upsert.setLong(p++, key.bucket());
                upsert.setString(p++, key.value());
                if (shard.isPresent()) {
                    upsert.setInt(p++, shard.getAsInt());
                }
                for (long count : entry.getValue()) {
                    upsert.setLong(p++, count);
                }
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /**
     * Adds {total, human} to each message's link and returns each link's human clicks after the addition:
     * less this transaction's, the clicks before it. One statement per 500 links.
     */
    static Map<EmailLinkKey, Long> upsertEmailLinks(Connection connection, Map<EmailLinkKey, long[]> links)
            throws SQLException {
        Map<EmailLinkKey, Long> humanAfter = new java.util.HashMap<>();
        List<Map.Entry<EmailLinkKey, long[]>> entries = sorted(links);
        for (int from = 0; from < entries.size(); from += 500) {
            List<Map.Entry<EmailLinkKey, long[]>> chunk = entries.subList(from, Math.min(from + 500, entries.size()));
            String sql = "INSERT INTO link_clicks_by_email (tenant_id, email_id, url, total, human, unique_human) VALUES "
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?, ?)"))
                    + " ON CONFLICT (tenant_id, email_id, url) DO UPDATE SET"
                    + " total = link_clicks_by_email.total + excluded.total,"
                    + " human = link_clicks_by_email.human + excluded.human,"
                    + " unique_human = CASE WHEN link_clicks_by_email.human + excluded.human > 0 THEN 1 ELSE 0 END"
                    + " RETURNING tenant_id, email_id, url, human";
            try (PreparedStatement upsert = connection.prepareStatement(sql)) {
                int p = 1;
                for (Map.Entry<EmailLinkKey, long[]> entry : chunk) {
                    upsert.setString(p++, entry.getKey().tenantId());
                    upsert.setString(p++, entry.getKey().emailId());
                    upsert.setString(p++, entry.getKey().url());
                    upsert.setLong(p++, entry.getValue()[0]);
                    upsert.setLong(p++, entry.getValue()[1]);
                    upsert.setLong(p++, entry.getValue()[1] > 0 ? 1 : 0);
                }
                try (ResultSet rows = upsert.executeQuery()) {
                    while (rows.next()) {
                        humanAfter.put(new EmailLinkKey(rows.getString(1), rows.getString(2), rows.getString(3)),
                                rows.getLong(4));
                    }
                }
            }
        }
        return humanAfter;
    }

    static void upsertTagLinks(Connection connection, int shard, Map<TagLinkKey, long[]> links) throws SQLException {
        if (links.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO link_clicks_hourly (tenant_id, tag, bucket, url, shard, total, human, unique_human) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, tag, bucket, url, shard) DO UPDATE SET "
                        + linkSums("link_clicks_hourly"))) {
            for (Map.Entry<TagLinkKey, long[]> entry : sorted(links)) {
                upsert.setString(1, entry.getKey().tenantId());
                upsert.setString(2, entry.getKey().tag());
                upsert.setLong(3, entry.getKey().bucket());
                upsert.setString(4, entry.getKey().url());
                upsert.setInt(5, shard);
                long[] counts = entry.getValue();
                for (int i = 0; i < counts.length; i++) {
                    upsert.setLong(6 + i, counts[i]);
                }
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static String linkSums(String table) {
        return "total = " + table + ".total + excluded.total, human = " + table + ".human + excluded.human, "
                + "unique_human = " + table + ".unique_human + excluded.unique_human";
    }

    /** Rows of one stats table whose buckets lie in [from, to). */
    private record Part(String table, long from, long to) {
    }

    /**
     * Sums the query's period per group value and bucket start ({@code bucket / width * width}, UTC days from
     * hours). Whole UTC days are read from {@code stats_daily} (unless the interval is hours), and the hours of a
     * partial first or last day from {@code stats_hourly}, so a 30-day query reads about 30 rows per group. Groups
     * without events in the period are absent, except the one overall row of a query with neither grouping nor
     * interval, which is there (all zeros) even for an empty period.
     */
    static List<StatsRow> query(Connection connection, String tenantId, StatsQuery query) throws SQLException {
        Optional<Interval> interval = query.interval();
        long from = query.firstHour();
        long end = query.endMillis();
        long firstWholeDay = -Math.floorDiv(-from, DAY) * DAY;
        long endOfWholeDays = Math.floorDiv(end, DAY) * DAY; // every hour of the days before it starts before end
        List<Part> parts = new ArrayList<>();
        if (interval.map(i -> i.millis() % DAY == 0).orElse(true) && firstWholeDay < endOfWholeDays) {
            parts.add(new Part("stats_hourly", from, firstWholeDay));
            parts.add(new Part("stats_daily", firstWholeDay, endOfWholeDays));
            parts.add(new Part("stats_hourly", endOfWholeDays, end));
        } else {
            parts.add(new Part("stats_hourly", from, end));
        }
        parts.removeIf(part -> part.from() >= part.to());
        if (parts.isEmpty()) {
            parts.add(new Part("stats_hourly", from, end)); // an empty period: no rows
        }
        String bucketExpr = interval.map(i -> "(bucket / ?) * ?").orElse("0");
        String sql = "SELECT value, b, " + SUMS + " FROM ("
                + parts.stream().map(part -> "SELECT value, " + bucketExpr + " AS b, " + COLUMNS + " FROM "
                        + part.table() + " WHERE tenant_id = ? AND dimension = ? AND bucket >= ? AND bucket < ?")
                        .collect(Collectors.joining(" UNION ALL "))
                + ") AS period GROUP BY value, b ORDER BY b, value";
        List<StatsRow> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int p = 1;
            for (Part part : parts) {
                if (interval.isPresent()) {
                    select.setLong(p++, interval.get().millis());
                    select.setLong(p++, interval.get().millis());
                }
                select.setString(p++, tenantId);
                select.setString(p++, query.groupBy().wireName());
                select.setLong(p++, part.from());
                select.setLong(p++, part.to());
            }
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    long[] counts = new long[Counter.count()];
                    for (int i = 0; i < counts.length; i++) {
                        counts[i] = result.getLong(3 + i);
                    }
                    Optional<String> group = query.groupBy() == Dimension.ALL ? Optional.empty()
                            : Optional.of(result.getString(1));
                    Optional<Instant> bucket = interval.isPresent()
                            ? Optional.of(Instant.ofEpochMilli(result.getLong(2))) : Optional.empty();
                    rows.add(new StatsRow(query.groupBy(), group, bucket, StatsCounts.of(counts)));
                }
            }
        }
        if (rows.isEmpty() && interval.isEmpty() && query.groupBy() == Dimension.ALL) {
            rows.add(new StatsRow(Dimension.ALL, Optional.empty(), Optional.empty(),
                    StatsCounts.of(new long[Counter.count()])));
        }
        return rows;
    }

    /** The message's links, most human clicks first. */
    static List<LinkClicks> linksOfEmail(Connection connection, String tenantId, String emailId, int limit)
            throws SQLException {
        return links(connection, "SELECT url, total AS t, human AS h, unique_human AS u FROM link_clicks_by_email"
                + " WHERE tenant_id = ? AND email_id = ? ORDER BY h DESC, t DESC, url LIMIT ?", select -> {
                    select.setString(1, tenantId);
                    select.setString(2, emailId);
                    select.setInt(3, limit);
                });
    }

    /** The links clicked in the hours of [fromHour, to) in messages with {@code tag} ('' for every message). */
    static List<LinkClicks> linksOfTag(Connection connection, String tenantId, String tag, long fromHour, long to,
            int limit) throws SQLException {
        return links(connection, "SELECT url, " + LINK_SUMS + " FROM link_clicks_hourly"
                + " WHERE tenant_id = ? AND tag = ? AND bucket >= ? AND bucket < ?"
                + " GROUP BY url ORDER BY h DESC, t DESC, url LIMIT ?", select -> {
                    select.setString(1, tenantId);
                    select.setString(2, tag);
                    select.setLong(3, fromHour);
                    select.setLong(4, to);
                    select.setInt(5, limit);
                });
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private static List<LinkClicks> links(Connection connection, String sql, Binder binder) throws SQLException {
        List<LinkClicks> links = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            binder.bind(select);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    links.add(new LinkClicks(result.getString(1), result.getLong(2), result.getLong(3), result.getLong(4)));
                }
            }
        }
        return links;
    }
}
