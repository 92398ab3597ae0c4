package dev.postcard.suppression;

import dev.postcard.Page;
import dev.postcard.storage.AppendStep;
import dev.postcard.storage.Database;
import dev.postcard.storage.JdbcStore;
import dev.postcard.storage.WriteTurns;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The suppression lists in the database of a {@link JdbcStore}, scoped by tenant. Register
 * {@link #policyStep} on the store before its first append, so each event is judged in its own transaction.
 * Times of activity ("is it expired?") are read from the clock at each call.
 */
public final class JdbcSuppressionStore {
    private final Database database;
    private final Clock clock;

    public JdbcSuppressionStore(JdbcStore store, Clock clock) {
        this.database = Objects.requireNonNull(store, "store").database();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The step that applies the suppression policy to each appended event. */
    public AppendStep policyStep(int softBounceLimit) {
        if (softBounceLimit < 1) {
            throw new IllegalArgumentException("softBounceLimit must be at least 1");
        }
        return new SuppressionStep(softBounceLimit, clock);
    }

    /** Stores {@code entry} unless the address is actively suppressed; true when stored (its event is owed). */
    public boolean insertUnlessActive(Suppression entry) {
        return database.transaction("add suppression",
                c -> SuppressionRows.insertUnlessActive(c, entry, clock.millis()));
    }

    /** Outcome of writing one batch of imported entries. */
    public record BatchResult(int inserted, int updated) {
    }

    /**
     * Writes imported entries in one transaction: new addresses (or expired ones) are created, active ones take
     * the imported reason, note, source and expiry. Later entries for one address win.
     */
    public BatchResult importBatch(String tenantId, List<Suppression> entries) {
        // In address order, like every multi-row write here, so concurrent writers rarely wait on each other.
        Map<String, Suppression> byAddress = new java.util.TreeMap<>();
        entries.forEach(e -> byAddress.put(e.address(), e));
        return retrying("import suppressions", c -> {
            long now = clock.millis();
            Set<String> active = SuppressionRows.activeAmong(c, tenantId, byAddress.keySet(), now);
            int inserted = 0;
            for (Suppression entry : byAddress.values()) {
                if (active.contains(entry.address())) {
                    SuppressionRows.updateActive(c, entry);
                } else if (SuppressionRows.insertUnlessActive(c, entry, now)) {
                    inserted++;
                }
            }
            return new BatchResult(inserted, entries.size() - inserted);
        });
    }

    /**
     * Runs a transaction that writes many rows, again when PostgreSQL breaks a deadlock with it (a policy step or
     * another node may write some of the same rows in another order).
     */
    private <T> T retrying(String operation, Database.SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                // Imports and announcements come in many transactions: each yields to requests (see WriteTurns).
                return database.inTransaction(WriteTurns.Lane.BACKGROUND, work);
            } catch (java.sql.SQLException e) {
                String state = e.getSQLState();
                if (attempt >= 5 || state == null || !state.startsWith("40")) {
                    throw database.failure(operation, e);
                }
            }
        }
    }

    /** Which of {@code addresses} (normalised, at most a thousand) have an active entry. */
    public Set<String> activeAmong(String tenantId, Collection<String> addresses) {
        return database.read("find suppressions", c -> SuppressionRows.activeAmong(c, tenantId, addresses,
                clock.millis()));
    }

    public Optional<Suppression> findActive(String tenantId, String address) {
        return database.read("find suppression", c -> SuppressionRows.findActive(c, tenantId, address, clock.millis()));
    }

    public Page<Suppression> list(String tenantId, Optional<SuppressionReason> reason, Optional<String> cursor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return database.read("list suppressions",
                c -> SuppressionRows.list(c, tenantId, reason, cursor, limit, clock.millis()));
    }

    /** One keyset page of active entries by address, for exports of any size. */
    public List<Suppression> activeByAddress(String tenantId, Optional<String> afterAddress, int limit) {
        return database.read("export suppressions",
                c -> SuppressionRows.activeByAddress(c, tenantId, afterAddress, limit, clock.millis()));
    }

    /** Removes the active entry and keeps the removal for its event; empty when the address was not suppressed. */
    public Optional<SuppressionRemoval> remove(String tenantId, String address) {
        return database.transaction("remove suppression",
                c -> SuppressionRows.delete(c, tenantId, address, clock.millis()));
    }

    public List<Suppression> unannounced(int limit) {
        return database.read("read unannounced suppressions",
                c -> SuppressionRows.unannounced(c, database.dialect(), limit));
    }

    public void markAnnounced(List<Suppression> entries) {
        if (!entries.isEmpty()) {
            List<Suppression> ordered = entries.stream().sorted(java.util.Comparator.comparing(Suppression::tenantId)
                    .thenComparing(Suppression::address)).toList();
            retrying("mark suppressions announced", c -> {
                SuppressionRows.markAnnounced(c, ordered);
                return null;
            });
        }
    }

    public List<SuppressionRemoval> unannouncedRemovals(int limit) {
        return database.read("read suppression removals", c -> SuppressionRows.removals(c, limit));
    }

    public void markRemovalsAnnounced(List<SuppressionRemoval> removals) {
        if (!removals.isEmpty()) {
            retrying("forget announced removals", c -> {
                SuppressionRows.forgetRemovals(c, new ArrayList<>(removals));
                return null;
            });
        }
    }
}
