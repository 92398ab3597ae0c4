package dev.postcard.stats;

import dev.postcard.event.StoredEvent;
import dev.postcard.storage.Dialect;
import dev.postcard.storage.LogProjection;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the stats aggregates as a projection of the log: the increments of a chunk of events are folded in
 * memory, then written as one upsert per (tenant, dimension, value, hour) and per link. Rows are folded in hash
 * maps and written in key order (sorted once, at the end).
 */
final class StatsStep implements LogProjection {
    /**
     * The shard new counts go to. Appending writers once wrote to 16 shards so that they rarely waited on each
     * other's row locks; the projector runs one transaction at a time (its position row orders even several
     * nodes), so it adds to one, and the readers still sum the older shards.
     */
    static final int SHARD = 0;

    @Override
    public void project(Connection connection, Dialect dialect, List<StoredEvent> events) throws SQLException {
        List<Contribution> contributions = new ArrayList<>(events.size());
        long[] seqs = new long[events.size()];
        for (StoredEvent stored : events) {
            Optional<Contribution> contribution = Contribution.of(stored.tenantId(), stored.event());
            if (contribution.isPresent()) {
                seqs[contributions.size()] = stored.seq();
                contributions.add(contribution.get());
            }
        }
        if (contributions.isEmpty()) {
            return;
        }
        boolean[] first = StatsFirsts.decide(connection, contributions, seqs);

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
        StatsRows.upsertBuckets(connection, SHARD, buckets);
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
        StatsRows.upsertTagLinks(connection, SHARD, tagLinks);
    }

    private static <K> void add(Map<K, long[]> totals, K key, long[] delta) {
        long[] sum = totals.computeIfAbsent(key, k -> new long[delta.length]);
        for (int i = 0; i < delta.length; i++) {
            sum[i] += delta[i];
        }
    }
}
