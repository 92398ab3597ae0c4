package dev.postcard.engine;

import dev.postcard.event.EventQuery;
import dev.postcard.event.LogEntry;
import dev.postcard.storage.Store;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Live readers of the event log: makes {@link EventFollower}s and wakes the readers of a tenant as soon as this
 * node commits events of theirs. Events committed by other nodes sharing the database are found when a reader
 * looks on its own, at its polling interval.
 */
public final class EventFeed {
    /** How long a log position waits before it counts as settled; see {@link EventFollower}. */
    public static final Duration SETTLE = Duration.ofSeconds(2);

    private final Store store;
    private final ConcurrentHashMap<String, TenantSignal> signals = new ConcurrentHashMap<>();

    public EventFeed(Store store) {
        this.store = store;
    }

    /** A follower of the tenant's events that pass {@code filters}, starting after log position {@code after}. */
    public EventFollower follow(String tenantId, EventQuery filters, long after) {
        return new EventFollower(store, tenantId, filters, after, SETTLE, System::nanoTime);
    }

    /** The tenant's newest event (its envelope left out): where a reader that wants only new events starts. */
    public java.util.Optional<LogEntry> lastEvent(String tenantId) {
        return store.lastEvent(tenantId);
    }

    /** Called after each commit of new events: a map lookup when no one follows the tenant. */
    public void committed(String tenantId) {
        TenantSignal signal = signals.get(tenantId);
        if (signal != null) {
            signal.raise();
        }
    }

    /**
     * Waits until this node commits events of the tenant, {@code timeout} passes, or the thread is interrupted.
     * A commit between the reader's last look and this call still wakes it: the count it saw is passed back.
     */
    public void await(String tenantId, long seenCount, Duration timeout) throws InterruptedException {
        signals.computeIfAbsent(tenantId, t -> new TenantSignal()).await(seenCount, timeout);
    }

    /** The tenant's commit count, to pass to {@link #await} after looking at the log. */
    public long commitCount(String tenantId) {
        return signals.computeIfAbsent(tenantId, t -> new TenantSignal()).count();
    }

    /** Wakes every waiting reader, for instance to let them see that the server is stopping. */
    public void wakeAll() {
        signals.values().forEach(TenantSignal::raise);
    }

    private static final class TenantSignal {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private long count;

        void raise() {
            lock.lock();
            try {
                count++;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        long count() {
            lock.lock();
            try {
                return count;
            } finally {
                lock.unlock();
            }
        }

        void await(long seen, Duration timeout) throws InterruptedException {
            long left = timeout.toNanos();
            lock.lock();
            try {
                while (count == seen && left > 0) {
                    left = changed.awaitNanos(left);
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
