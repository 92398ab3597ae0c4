package dev.postcard.stats;

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
 * Decides which events are their message's first of a kind (first human open, first machine click, ...). The
 * append writes the position of each kind's first event into the message row (MessageRows, where the row is
 * written anyway and PostgreSQL's row lock orders concurrent writers), so an event is a first exactly when its
 * position is the one recorded there, whenever and in whatever order the projection reads it: one query per 500
 * messages instead of a row per message and kind. An event whose message has no row in its tenant falls back to
 * {@code stats_firsts}: before message ids were per tenant, events naming another tenant's id made none.
 */
final class StatsFirsts {
    private StatsFirsts() {
    }

    private record MessageKey(String tenantId, String emailId) {
    }

    /** True at the index of each contribution that adds one to its unique counter; {@code seqs} are their positions. */
    static boolean[] decide(Connection connection, List<Contribution> contributions, long[] seqs) throws SQLException {
        boolean[] first = new boolean[contributions.size()];
        Map<StatsRows.First, Integer> earliest = new LinkedHashMap<>();
        for (int i = 0; i < contributions.size(); i++) {
            Contribution c = contributions.get(i);
            if (c.unique().isPresent()) {
                earliest.putIfAbsent(new StatsRows.First(c.tenantId(), c.emailId().orElseThrow(),
                        c.unique().get().kind()), i);
            }
        }
        if (earliest.isEmpty()) {
            return first;
        }
        Map<MessageKey, long[]> firsts = firstPositions(connection, earliest.keySet());
        List<StatsRows.First> fallback = new ArrayList<>();
        List<Integer> fallbackIndex = new ArrayList<>();
        for (Map.Entry<StatsRows.First, Integer> entry : earliest.entrySet()) {
            StatsRows.First key = entry.getKey();
            if (!firsts.containsKey(new MessageKey(key.tenantId(), key.emailId()))) {
                fallback.add(key);
                fallbackIndex.add(entry.getValue());
            }
        }
        for (int i = 0; i < contributions.size(); i++) {
            Contribution c = contributions.get(i);
            if (c.unique().isEmpty()) {
                continue;
            }
            long[] row = firsts.get(new MessageKey(c.tenantId(), c.emailId().orElseThrow()));
            if (row != null) {
                first[i] = row[column(c.unique().get().counter())] == seqs[i];
            }
        }
        boolean[] inserted = StatsRows.insertFirsts(connection, fallback);
        for (int j = 0; j < inserted.length; j++) {
            first[fallbackIndex.get(j)] = inserted[j];
        }
        return first;
    }

    private static int column(Counter unique) {
        return switch (unique) {
            case UNIQUE_HUMAN_OPENS -> 0;
            case UNIQUE_MACHINE_OPENS -> 1;
            case UNIQUE_HUMAN_CLICKS -> 2;
            case UNIQUE_MACHINE_CLICKS -> 3;
            default -> throw new IllegalArgumentException("not a unique counter: " + unique);
        };
    }

    /**
     * The positions of the first {human open, machine open, human click, machine click} of each message the keys
     * name, in its own tenant; -1 where it has none.
     */
    private static Map<MessageKey, long[]> firstPositions(Connection connection, Iterable<StatsRows.First> keys)
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
                String sql = "SELECT id, first_human_open_seq, first_machine_open_seq, first_human_click_seq,"
                        + " first_machine_click_seq FROM messages WHERE tenant_id = ?"
                        + " AND id IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
                try (PreparedStatement select = connection.prepareStatement(sql)) {
                    select.setString(1, tenant.getKey());
                    for (int i = 0; i < chunk.size(); i++) {
                        select.setString(2 + i, chunk.get(i));
                    }
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            long[] positions = new long[4];
                            for (int k = 0; k < 4; k++) {
                                long seq = rows.getLong(2 + k);
                                positions[k] = rows.wasNull() ? -1 : seq;
                            }
                            found.put(new MessageKey(tenant.getKey(), rows.getString(1)), positions);
                        }
                    }
                }
            }
        }
        return found;
    }
}
