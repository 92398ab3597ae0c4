package dev.postcard.storage;

import dev.postcard.delivery.Webhook;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The enabled webhooks of each tenant, remembered for a short time: every appended event needs them, and they
 * rarely change. This node's own writes drop the memory at once; another node's are seen once it expires.
 */
final class EnabledWebhooks {
    private record Entry(List<Webhook> webhooks, long version, long loadedAtNanos) {
    }

    private final ConcurrentHashMap<String, Entry> byTenant = new ConcurrentHashMap<>();
    /** Bumped by every write; a list loaded before a write is never kept after it. */
    private final AtomicLong version = new AtomicLong();
    private final long ttlNanos;

    EnabledWebhooks(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** Loads through {@code connection}, so inside a transaction the list is the one that transaction sees. */
    List<Webhook> of(Connection connection, String tenantId) throws SQLException {
        long current = version.get();
        Entry entry = byTenant.get(tenantId);
        long now = System.nanoTime();
        if (entry != null && entry.version() == current && now - entry.loadedAtNanos() < ttlNanos) {
            return entry.webhooks();
        }
        List<Webhook> loaded = List.copyOf(WebhookRows.enabled(connection, tenantId));
        byTenant.put(tenantId, new Entry(loaded, current, now));
        return loaded;
    }

    /** Called after this node changed a webhook. */
    void invalidate() {
        version.incrementAndGet();
        byTenant.clear();
    }
}
