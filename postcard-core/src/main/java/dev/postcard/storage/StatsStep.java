package dev.postcard.storage;

import dev.postcard.stats.Contribution;
import dev.postcard.stats.Counter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the stats aggregates in the transaction that stores the events: the increments of all new events of
 * the transaction are folded in memory, then written as one upsert per (tenant, dimension, value, hour) and
 * per link. Rows are folded in hash maps and written in key order (sorted once, at the end), so concurrent
 * PostgreSQL writers take their locks in one order.
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
        boolean[] first = StatsFirsts.decide(connection, contributions);

        Map<StatsRows.BucketKey, long[]> buckets = new HashMap<>();
        Map<StatsRows.EmailLinkKey, long[]> emailLinks = new HashMap<>();
        Map<StatsRows.EmailLinkKey, Integer> earliestHumanClick = new HashMap<>();
        for (int i = 0; i < contributions.size(); i++) {
            Contribution c = contributions.get(i);
            Optional<Counter> uniqueCounter = first[i] ? c.unique().map(Contribution.Unique::counter) : Optional.empty();
            for (Contribution.Group group : c.groups()) {
                long[] counts = buckets.computeIfAbsent(new StatsRows.BucketKey(c.tenantId(),
                        group.dimension().wireName(), c.bucket(), group.value()), k -> new long[Counter.count()]);
                c.counters().forEach(counter -> counts[counter.ordinal()]++);
                uniqueCounter.ifPresent(counter -> counts[counter.ordinal()]++);
            }
            if (c.link().isPresent() && c.emailId().isPresent()) {
                Contribution.Link link = c.link().get();
                StatsRows.EmailLinkKey key = new StatsRows.EmailLinkKey(c.tenantId(), c.emailId().get(), link.url());
                add(emailLinks, key, new long[] {1, link.human() ? 1 : 0});
                if (link.human()) {
                    earliestHumanClick.putIfAbsent(key, i);
                }
            }
        }
        // Each transaction writes its own shard: its writer thread's id picks it.
        int shard = (int) (Thread.currentThread().threadId() % SHARDS);
        StatsRows.upsertBuckets(connection, shard, buckets);
        Map<StatsRows.EmailLinkKey, Long> humanAfter = StatsRows.upsertEmailLinks(connection, emailLinks);

        Map<StatsRows.TagLinkKey, long[]> tagLinks = new HashMap<>();
        for (int i = 0; i < contributions.size(); i++) {
            Contribution c = contributions.get(i);
            if (c.link().isEmpty()) {
                continue;
            }
            Contribution.Link link = c.link().get();
            // The message's first human click on this url: the earliest of this transaction, none before it.
            boolean uniqueHuman = false;
            if (link.human() && c.emailId().isPresent()) {
                StatsRows.EmailLinkKey key = new StatsRows.EmailLinkKey(c.tenantId(), c.emailId().get(), link.url());
                uniqueHuman = earliestHumanClick.get(key) == i && humanAfter.get(key) == emailLinks.get(key)[1];
            }
            long[] delta = {1, link.human() ? 1 : 0, uniqueHuman ? 1 : 0};
            add(tagLinks, new StatsRows.TagLinkKey(c.tenantId(), "", c.bucket(), link.url()), delta);
            for (String tag : link.tags().stream().distinct().toList()) {
                add(tagLinks, new StatsRows.TagLinkKey(c.tenantId(), tag, c.bucket(), link.url()), delta);
            }
        }
        StatsRows.upsertTagLinks(connection, shard, tagLinks);
    }

    private static <K> void add(Map<K, long[]> totals, K key, long[] delta) {
        long[] sum = totals.computeIfAbsent(key, k -> new long[delta.length]);
        for (int i = 0; i < delta.length; i++) {
            sum[i] += delta[i];
        }
    }
}
