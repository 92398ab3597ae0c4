package dev.postcard.storage;

import dev.postcard.stats.Contribution;
import dev.postcard.stats.Counter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Keeps the stats aggregates in the transaction that stores the events: the increments of all new events of
 * the transaction are folded in memory, then written as one upsert per (tenant, dimension, value, hour) and
 * per link. Rows are written in key order so concurrent PostgreSQL writers take their locks in one order.
 */
final class StatsStep implements AppendStep {
    /** Counter rows per key; more than the writer threads of a node, so its writers rarely share one. */
    static final int SHARDS = 16;

    @Override
    public void apply(Connection connection, Dialect dialect, StoredEvent stored) throws SQLException {
        applyAll(connection, dialect, List.of(stored));
    }

    @Override
    public void applyAll(Connection connection, Dialect dialect, List<StoredEvent> fresh) throws SQLException {
        List<Contribution> contributions = new ArrayList<>(fresh.size());
        for (StoredEvent stored : fresh) {
            Contribution.of(stored.tenantId(), stored.event()).ifPresent(contributions::add);
        }
        if (contributions.isEmpty()) {
            return;
        }
        List<StatsRows.First> candidates = new ArrayList<>();
        for (Contribution c : contributions) {
            c.unique().ifPresent(u -> candidates.add(new StatsRows.First(c.tenantId(), c.emailId().orElseThrow(), u.kind())));
            c.link().flatMap(Contribution.Link::uniqueKind).ifPresent(kind ->
                    candidates.add(new StatsRows.First(c.tenantId(), c.emailId().orElseThrow(), kind)));
        }
        boolean[] first = StatsRows.insertFirsts(connection, candidates);

        Map<StatsRows.BucketKey, long[]> buckets = new TreeMap<>();
        Map<StatsRows.EmailLinkKey, long[]> emailLinks = new TreeMap<>();
        Map<StatsRows.TagLinkKey, long[]> tagLinks = new TreeMap<>();
        int next = 0;
        for (Contribution c : contributions) {
            Optional<Counter> uniqueCounter = Optional.empty();
            if (c.unique().isPresent() && first[next++]) {
                uniqueCounter = Optional.of(c.unique().get().counter());
            }
            for (Contribution.Group group : c.groups()) {
                long[] counts = buckets.computeIfAbsent(new StatsRows.BucketKey(c.tenantId(),
                        group.dimension().wireName(), c.bucket(), group.value()), k -> new long[Counter.count()]);
                c.counters().forEach(counter -> counts[counter.ordinal()]++);
                uniqueCounter.ifPresent(counter -> counts[counter.ordinal()]++);
            }
            if (c.link().isPresent()) {
                Contribution.Link link = c.link().get();
                boolean uniqueHuman = link.uniqueKind().isPresent() && first[next++];
                long[] delta = {1, link.human() ? 1 : 0, uniqueHuman ? 1 : 0};
                c.emailId().ifPresent(id -> add(emailLinks, new StatsRows.EmailLinkKey(c.tenantId(), id, link.url()), delta));
                add(tagLinks, new StatsRows.TagLinkKey(c.tenantId(), "", c.bucket(), link.url()), delta);
                for (String tag : link.tags().stream().distinct().toList()) {
                    add(tagLinks, new StatsRows.TagLinkKey(c.tenantId(), tag, c.bucket(), link.url()), delta);
                }
            }
        }
        // Each append transaction runs on one of the store's writer threads: its id picks the shard.
        int shard = (int) (Thread.currentThread().threadId() % SHARDS);
        StatsRows.upsertBuckets(connection, shard, buckets);
        StatsRows.upsertEmailLinks(connection, emailLinks);
        StatsRows.upsertTagLinks(connection, shard, tagLinks);
    }

    private static <K> void add(Map<K, long[]> totals, K key, long[] delta) {
        long[] sum = totals.computeIfAbsent(key, k -> new long[delta.length]);
        for (int i = 0; i < delta.length; i++) {
            sum[i] += delta[i];
        }
    }
}
