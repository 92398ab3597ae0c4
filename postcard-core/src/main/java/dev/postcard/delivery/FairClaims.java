package dev.postcard.delivery;

import dev.postcard.storage.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Which due deliveries a claim takes: an equal share for every tenant that owes some, then what is left to those that
 * have more, each claim starting one tenant further than the last (so what is left over goes round); and within a
 * tenant's share the same again for each of its webhooks. Taken in due order across all tenants instead, one tenant's
 * backlog of millions (an import announced to 100 webhooks) would be claimed before another tenant's next delivery for
 * as long as it lasts; taken in due order within a tenant, the backlog of a webhook whose receiver answers in seconds
 * would fill every claim while the tenant's other webhooks waited.
 */
final class FairClaims {
    private volatile String lastTenant = "";
    /** By tenant: the webhook the last claim started with. As many entries as tenants that ever owed deliveries. */
    private final Map<String, String> lastWebhook = new ConcurrentHashMap<>();

    /** Leases of one key (a tenant, a webhook): up to {@code wanted} delivery ids. */
    @FunctionalInterface
    private interface Leaser {
        List<String> lease(String key, int wanted) throws SQLException;
    }

    /**
     * Leases up to {@code max} due deliveries; the tenants in {@code skipTenants} and the webhooks in
     * {@code skipWebhooks} get none this time.
     */
    List<String> lease(Connection connection, Dialect dialect, String owner, long now, long leaseUntil, int max,
                       Set<String> skipTenants, Set<String> skipWebhooks) throws SQLException {
        List<String> tenants = new ArrayList<>(DeliveryRows.tenantsWithPending(connection));
        tenants.removeAll(skipTenants);
        return shares(tenants, lastTenant, max, (tenant, wanted) -> {
            List<String> webhooks = new ArrayList<>(DeliveryRows.webhooksWithPending(connection, tenant));
            webhooks.removeAll(skipWebhooks);
            return shares(webhooks, lastWebhook.getOrDefault(tenant, ""), wanted,
                    (webhook, fromWebhook) -> DeliveryRows.lease(connection, dialect, tenant, webhook, owner, now,
                            leaseUntil, fromWebhook),
                    webhook -> lastWebhook.put(tenant, webhook));
        }, tenant -> lastTenant = tenant);
    }

    /**
     * Up to {@code max} ids from {@code keys} (sorted): an equal share from each, those after {@code last} first,
     * then what is left from those that gave their whole share, in the same order. {@code started} hears which
     * key came first, for the next claim to start after it: were it the last key served, a claim in which every
     * key gave its share would start where the one before it did, and the same key would get every leftover.
     */
    private static List<String> shares(List<String> keys, String last, int max, Leaser leaser, Consumer<String> started)
            throws SQLException {
        if (keys.isEmpty() || max <= 0) {
            return List.of();
        }
        int start = 0;
        while (start < keys.size() && keys.get(start).compareTo(last) <= 0) {
            start++;
        }
        List<String> order = new ArrayList<>(keys.subList(start, keys.size()));
        order.addAll(keys.subList(0, start));

        started.accept(order.getFirst());
        int share = Math.max(1, max / order.size());
        List<String> ids = new ArrayList<>(max);
        List<String> mayHaveMore = new ArrayList<>();
        for (String key : order) {
            if (ids.size() >= max) {
                break;
            }
            int wanted = Math.min(share, max - ids.size());
            List<String> leased = leaser.lease(key, wanted);
            ids.addAll(leased);
            if (leased.size() == wanted) {
                mayHaveMore.add(key);
            }
        }
        for (String key : mayHaveMore) {
            if (ids.size() >= max) {
                break;
            }
            ids.addAll(leaser.lease(key, max - ids.size()));
        }
        return ids;
    }
}
