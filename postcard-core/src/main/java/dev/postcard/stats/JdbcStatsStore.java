package dev.postcard.stats;

import dev.postcard.Page;
import dev.postcard.storage.Database;
import dev.postcard.storage.JdbcStore;
import dev.postcard.storage.LogProjection;
import dev.postcard.storage.LogProjector;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Delivery and engagement stats in the database of a {@link JdbcStore}: kept by {@link #projection()} as the
 * log's projector passes over the stored events, read here without touching the event log. Every read first
 * lets the projector catch up, so it counts every event committed before it.
 */
public final class JdbcStatsStore implements Stats {
    private final Database database;
    private final LogProjector projector;
    private final StatsStep projection = new StatsStep();

    public JdbcStatsStore(JdbcStore store) {
        this.database = Objects.requireNonNull(store, "store").database();
        this.projector = store.projector();
    }

    /** The projection that keeps the aggregates; add it to the store's {@link LogProjector} before it starts. */
    public LogProjection projection() {
        return projection;
    }

    @Override
    public List<StatsRow> query(String tenantId, StatsQuery query) {
        projector.catchUp();
        return database.read("read stats", c -> StatsRows.query(c, tenantId, query));
    }

    @Override
    public List<LinkClicks> linksOfEmail(String tenantId, String emailId, int limit) {
        Page.requireLimit(limit);
        projector.catchUp();
        return database.read("read link clicks", c -> StatsRows.linksOfEmail(c, tenantId, emailId, limit));
    }

    @Override
    public List<LinkClicks> linksOfTag(String tenantId, Optional<String> tag, StatsQuery period, int limit) {
        Page.requireLimit(limit);
        projector.catchUp();
        return database.read("read link clicks", c -> StatsRows.linksOfTag(c, tenantId, tag.orElse(""),
                period.firstHour(), period.endMillis(), limit));
    }
}
