package dev.postcard.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which due deliveries a claim takes: an equal share for every tenant that owes some, then what is left to those
 * that have more, starting each claim with the tenant after the last one served. Taken in due order across all
 * tenants instead, one tenant's backlog of millions (an import announced to 100 webhooks) would be claimed before
 * another tenant's next delivery for as long as it lasts.
 */
final class FairClaims {
    private volatile String lastServed = "";

    /** Leases up to {@code max} due deliveries; the tenants in {@code skip} get none this time. */
    List<String> lease(Connection connection, Dialect dialect, String owner, long now, long leaseUntil, int max,
                       Set<String> skip) throws SQLException {
        List<String> tenants = new ArrayList<>(DeliveryRows.tenantsWithPending(connection));
        tenants.removeAll(skip);
        if (tenants.isEmpty()) {
            return List.of();
        }
        // Sorted by id: those after the last one served first, then the rest.
        int start = 0;
        while (start < tenants.size() && tenants.get(start).compareTo(lastServed) <= 0) {
            start++;
        }
        List<String> order = new ArrayList<>(tenants.subList(start, tenants.size()));
        order.addAll(tenants.subList(0, start));

        int share = Math.max(1, max / order.size());
        List<String> ids = new ArrayList<>(max);
        List<String> mayHaveMore = new ArrayList<>();
        for (String tenant : order) {
            if (ids.size() >= max) {
                break;
            }
            int wanted = Math.min(share, max - ids.size());
            List<String> leased = DeliveryRows.lease(connection, dialect, tenant, owner, now, leaseUntil, wanted);
            ids.addAll(leased);
            if (!leased.isEmpty()) {
                lastServed = tenant;
            }
            if (leased.size() == wanted) {
                mayHaveMore.add(tenant);
            }
        }
        for (String tenant : mayHaveMore) {
            if (ids.size() >= max) {
                break;
            }
            ids.addAll(DeliveryRows.lease(connection, dialect, tenant, owner, now, leaseUntil, max - ids.size()));
        }
        return ids;
    }
}
