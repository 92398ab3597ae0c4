package dev.postcard.delivery;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The enabled webhooks of each tenant, remembered for a short time: every appended event needs them, and they
 * rarely change. This node's own writes drop the memory at once; another node's are seen once it expires.
 */
final class EnabledWebhooks {
    private record Entry(List<Webhook> webhooks, long version, Instant loadedAt) {
    }

    private final ConcurrentHashMap<String, Entry> byTenant = new ConcurrentHashMap<>();
    /** Bumped by every write; a list loaded before a write is never kept after it. */
    private final AtomicLong version = new AtomicLong();
    private final Clock clock;
    private final Duration ttl;

    /** Goes by the store's clock, so the memory expires with the time the rest of the engine sees. */
    EnabledWebhooks(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Loads through {@code connection}, so inside a transaction the list is the one that transaction sees. */
    List<Webhook> of(Connection connection, String tenantId) throws SQLException {
        long current = version.get();
        Entry entry = byTenant.get(tenantId);
        Instant now = clock.instant();
        if (entry != null && entry.version() == current && fresh(entry.loadedAt(), now)) {
            return entry.webhooks();
        }
        List<Webhook> loaded = List.copyOf(WebhookRows.enabled(connection, tenantId));
        byTenant.put(tenantId, new Entry(loaded, current, now));
        return loaded;
    }

    /** A wall clock set back makes the memory look younger than it is: then it is loaded again, not kept. */
    private boolean fresh(Instant loadedAt, Instant now) {
        return !now.isBefore(loadedAt) && now.isBefore(loadedAt.plus(ttl));
    }

    /** Called after this node changed a webhook. */
    void invalidate() {
        version.incrementAndGet();
        byTenant.clear();
    }
}
