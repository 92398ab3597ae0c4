package dev.postcard.storage;

import dev.postcard.stats.LinkClicks;
import dev.postcard.stats.StatsQuery;
import dev.postcard.stats.StatsRow;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Delivery and engagement stats in the database of a {@link JdbcStore}: kept by {@link #statsStep()} as events
 * are stored, read here without touching the event log.
 */
public final class JdbcStatsStore {
    private final Database database;
    private final StatsStep step = new StatsStep();

    public JdbcStatsStore(JdbcStore store) {
        this.database = Objects.requireNonNull(store, "store").database();
    }

    /** The step that keeps the aggregates; add it with {@link JdbcStore#addAppendStep} before the first append. */
    public AppendStep statsStep() {
        return step;
    }

    public List<StatsRow> query(String tenantId, StatsQuery query) {
        return database.read("read stats", c -> StatsRows.query(c, tenantId, query));
    }

    /** The links clicked in one message, most human clicks first. */
    public List<LinkClicks> linksOfEmail(String tenantId, String emailId, int limit) {
        requirePositive(limit);
        return database.read("read link clicks", c -> StatsRows.linksOfEmail(c, tenantId, emailId, limit));
    }

    /**
     * The links clicked in the period (the hours whose start lies in [from rounded down to the hour, to)) in
     * messages with {@code tag}, or in every message; most human clicks first.
     */
    public List<LinkClicks> linksOfTag(String tenantId, Optional<String> tag, StatsQuery period, int limit) {
        requirePositive(limit);
        return database.read("read link clicks", c -> StatsRows.linksOfTag(c, tenantId, tag.orElse(""),
                period.firstHour(), period.endMillis(), limit));
    }

    private static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }
}
