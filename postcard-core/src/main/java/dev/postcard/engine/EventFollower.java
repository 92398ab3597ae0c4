package dev.postcard.engine;

import dev.postcard.event.EventQuery;
import dev.postcard.event.LogEntry;
import dev.postcard.storage.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Follows one tenant's event log in log order, handing out each matching event once: the reading side of a live
 * event stream.
 *
 * <p>Log positions are taken when a transaction inserts, not when it commits: on PostgreSQL a transaction that took
 * position 7 may commit after one that took 8, so "everything after the last position sent" would skip 7 for
 * good. The follower therefore keeps reading from a floor below which the log is taken as settled, and remembers
 * the positions above it that it has sent. A position leaves that set (the floor moves past it) once it was first
 * seen {@code settle} ago and every position below it has too: a transaction still open that long after a later
 * one committed is not expected (appends commit in milliseconds). Late events are found by reading only the
 * positions between the floor and the newest event sent. On SQLite, one writer at a time, positions arrive in
 * order and that look finds nothing.
 */
public final class EventFollower {
    /** Beyond this many unsettled positions (a burst far above any live reader's pace) the oldest are settled. */
    static final int MAX_UNSETTLED = 10_000;

    private final Store store;
    private final String tenantId;
    private final EventQuery filters;
    private final long settleNanos;
    private final LongSupplier nanoTime;
    private final TreeMap<Long, Long> sentAbove = new TreeMap<>(); // position → when first seen (nanoTime)
    private long floor;

    EventFollower(Store store, String tenantId, EventQuery filters, long after, Duration settle, LongSupplier nanoTime) {
        this.store = store;
        this.tenantId = tenantId;
        this.filters = filters;
        this.floor = after;
        this.settleNanos = settle.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Up to {@code max} matching events not handed out before, in log order, after any that committed late (those
     * are few, and come first); empty when there are none yet.
     */
    public List<LogEntry> next(int max) {
        long now = nanoTime.getAsLong();
        List<LogEntry> fresh = new ArrayList<>(late());
        long newest = sentAbove.isEmpty() ? floor : sentAbove.lastKey();
        if (fresh.size() < max) {
            fresh.addAll(store.eventsAfter(tenantId, filters, newest, max - fresh.size()));
        }
        fresh.forEach(entry -> sentAbove.put(entry.seq(), now));
        settle(now);
        return fresh;
    }

    /**
     * The events below the newest one handed out that were not there when it was read: transactions that took an
     * earlier position and committed later. Only positions are read to find them, so a busy log is not read
     * again in full on every look.
     */
    private List<LogEntry> late() {
        if (sentAbove.isEmpty()) {
            return List.of();
        }
        List<Long> missing = new ArrayList<>();
        for (long seq : store.eventPositions(tenantId, filters, floor, sentAbove.lastKey())) {
            if (!sentAbove.containsKey(seq)) {
                missing.add(seq);
            }
        }
        return store.eventsAt(tenantId, missing);
    }

    /** Whether positions are still waiting to settle: the caller should look again soon even without news. */
    public boolean unsettled() {
        return !sentAbove.isEmpty();
    }

    private void settle(long now) {
        while (!sentAbove.isEmpty()) {
            Map.Entry<Long, Long> lowest = sentAbove.firstEntry();
            boolean old = now - lowest.getValue() >= settleNanos;
            if (!old && sentAbove.size() <= MAX_UNSETTLED) {
                return;
            }
            floor = lowest.getKey();
            sentAbove.pollFirstEntry();
        }
    }
}
