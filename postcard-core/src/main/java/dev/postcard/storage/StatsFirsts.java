package dev.postcard.storage;

import dev.postcard.stats.Contribution;
import dev.postcard.stats.Counter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which events are their message's first of a kind (first human open, first machine click, ...).
 * The message row already holds the counters with this transaction's events added (MessageRows runs first,
 * in the same transaction, and PostgreSQL's row lock orders concurrent writers), so a kind is new when the
 * count before this transaction, the row's count less this transaction's, is 0: one query per 500
 * messages instead of a row per message and kind. An event whose message has no row in its tenant falls back to
 * {@code stats_firsts}: before message ids were per tenant, events naming another tenant's id made none.
 */
final class StatsFirsts {
    private StatsFirsts() {
    }

    private record MessageKey(String tenantId, String emailId) {
    }

    /** True at the index of each contribution that adds one to its unique counter. */
    static boolean[] decide(Connection connection, List<Contribution> contributions) throws SQLException {
        boolean[] first = new boolean[contributions.size()];
        Map<StatsRows.First, Integer> earliest = new LinkedHashMap<>();
        Map<StatsRows.First, Long> inThisTransaction = new HashMap<>();
        for (int i = 0; i < contributions.size(); i++) {
            Contribution c = contributions.get(i);
            if (c.unique().isPresent()) {
                StatsRows.First key = new StatsRows.First(c.tenantId(), c.emailId().orElseThrow(), c.unique().get().kind());
                earliest.putIfAbsent(key, i);
                inThisTransaction.merge(key, 1L, Long::sum);
            }
        }
        if (earliest.isEmpty()) {
            return first;
        }
        Map<MessageKey, long[]> counters = counters(connection, earliest.keySet());
        List<StatsRows.First> fallback = new ArrayList<>();
        List<Integer> fallbackIndex = new ArrayList<>();
        for (Map.Entry<StatsRows.First, Integer> entry : earliest.entrySet()) {
            StatsRows.First key = entry.getKey();
            long[] row = counters.get(new MessageKey(key.tenantId(), key.emailId()));
            if (row == null) {
                fallback.add(key);
                fallbackIndex.add(entry.getValue());
            } else {
                Counter counter = contributions.get(entry.getValue()).unique().orElseThrow().counter();
                first[entry.getValue()] = count(row, counter) - inThisTransaction.get(key) == 0;
            }
        }
        boolean[] inserted = StatsRows.insertFirsts(connection, fallback);
        for (int j = 0; j < inserted.length; j++) {
            first[fallbackIndex.get(j)] = inserted[j];
        }
        return first;
    }

    private static long count(long[] row, Counter unique) {
        long opens = row[0];
        long humanOpens = row[1];
        long clicks = row[2];
        long humanClicks = row[3];
        return switch (unique) {
            case UNIQUE_HUMAN_OPENS -> humanOpens;
            case UNIQUE_MACHINE_OPENS -> opens - humanOpens;
            case UNIQUE_HUMAN_CLICKS -> humanClicks;
            case UNIQUE_MACHINE_CLICKS -> clicks - humanClicks;
            default -> throw new IllegalArgumentException("not a unique counter: " + unique);
        };
    }

    /** {opens, human_opens, clicks, human_clicks} of each message the keys name, in its own tenant. */
    private static Map<MessageKey, long[]> counters(Connection connection, Iterable<StatsRows.First> keys)
            throws SQLException {
        Map<String, List<String>> idsByTenant = new HashMap<>();
        java.util.Set<MessageKey> wanted = new java.util.HashSet<>();
        for (StatsRows.First key : keys) {
            if (wanted.add(new MessageKey(key.tenantId(), key.emailId()))) {
                idsByTenant.computeIfAbsent(key.tenantId(), t -> new ArrayList<>()).add(key.emailId());
            }
        }
        Map<MessageKey, long[]> found = new HashMap<>();
        for (Map.Entry<String, List<String>> tenant : idsByTenant.entrySet()) {
            List<String> ids = tenant.getValue();
            for (int from = 0; from < ids.size(); from += 500) {
                List<String> chunk = ids.subList(from, Math.min(from + 500, ids.size()));
                // Tenant and ids: the primary key.
                String sql = "SELECT id, opens, human_opens, clicks, human_clicks FROM messages WHERE tenant_id = ?"
                        + " AND id IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
                try (PreparedStatement select = connection.prepareStatement(sql)) {
                    select.setString(1, tenant.getKey());
                    for (int i = 0; i < chunk.size(); i++) {
                        select.setString(2 + i, chunk.get(i));
                    }
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            found.put(new MessageKey(tenant.getKey(), rows.getString(1)), new long[] {
                                    rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5)});
                        }
                    }
                }
            }
        }
        return found;
    }
}
