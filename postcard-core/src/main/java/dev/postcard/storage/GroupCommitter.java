package dev.postcard.storage;

import dev.postcard.PostcardException;
import dev.postcard.event.AppendResult;
import dev.postcard.event.Event;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: callers queue their batch and wait; writer threads take everything queued (up to a number of
 * events), write it in one transaction and answer every caller at once. One commit, one fsync, many callers.
 * When a shared transaction fails, each batch is retried in a transaction of its own, so one caller's bad
 * batch fails that caller only.
 *
 * <p>Bulk batches (background work in many chunks, such as announcing an import's suppressions) wait in a queue
 * of their own and commit one per transaction, taking turns with the requests' batches: a request waits for at
 * most one chunk of someone's bulk work, never for all of it, and the bulk work still gets every other turn.
 */
final class GroupCommitter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GroupCommitter.class.getName());
    private static final int ATTEMPTS_ALONE = 3;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final Database database;
    private final AppendTransaction transaction;
    private final int maxEventsPerTransaction;
    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition queued = queueLock.newCondition();
    private final Deque<AppendBatch> requests = new ArrayDeque<>();
    private final Deque<AppendBatch> bulk = new ArrayDeque<>();
    private boolean bulkWentLast;
    private final AtomicLong committedTransactions = new AtomicLong();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean closed;

    GroupCommitter(Database database, AppendTransaction transaction, int writerThreads, int maxEventsPerTransaction) {
        this.database = database;
        this.transaction = transaction;
        this.maxEventsPerTransaction = maxEventsPerTransaction;
        for (int i = 0; i < writerThreads; i++) {
            Thread writer = Thread.ofPlatform().name("postcard-append-" + i).daemon(true).unstarted(this::runWriter);
            writers.add(writer);
            writer.start();
        }
    }

    /** Blocks until the batch is committed; its failure, and only its own, is thrown here. */
    List<AppendResult> append(String tenantId, List<Event> events) {
        return append(tenantId, events, false);
    }

    /** {@code bulkWork}: a chunk of background work, committed alone and in turn with the requests' batches. */
    List<AppendResult> append(String tenantId, List<Event> events, boolean bulkWork) {
        AppendBatch batch = AppendBatch.of(tenantId, events);
        queueLock.lock();
        try {
            if (closed) {
                throw new PostcardException("the store is closed; events cannot be appended");
            }
            (bulkWork ? bulk : requests).addLast(batch);
            queued.signal();
        } finally {
            queueLock.unlock();
        }
        try {
            return batch.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostcardException("interrupted while waiting for the commit; the events may still be stored", e);
        } catch (ExecutionException e) {
            throw rethrowable(e.getCause());
        }
    }

    long committedTransactions() {
        return committedTransactions.get();
    }

    int queuedBatches() {
        queueLock.lock();
        try {
            return requests.size() + bulk.size();
        } finally {
            queueLock.unlock();
        }
    }

    private void runWriter() {
        while (true) {
            List<AppendBatch> group;
            try {
                group = nextGroup();
            } catch (InterruptedException e) {
                continue; // only close() interrupts, and it wants the queue drained first
            }
            if (group.isEmpty()) {
                return;
            }
            try {
                commit(group);
            } catch (Throwable t) {
                // Keep the writer alive whatever happened; nobody may wait forever.
                LOG.log(System.Logger.Level.ERROR, "append writer failed", t);
                group.forEach(batch -> batch.result().completeExceptionally(t));
            }
        }
    }

    /**
     * The next batches to commit together: requests' batches up to the event limit, or one bulk batch, by turns
     * when both wait. Empty once the store is closed and nothing is left.
     */
    private List<AppendBatch> nextGroup() throws InterruptedException {
        queueLock.lock();
        try {
            while (requests.isEmpty() && bulk.isEmpty()) {
                // Once closed is seen, nothing more can be queued, so empty queues stay empty.
                if (closed) {
                    return List.of();
                }
                queued.await(100, TimeUnit.MILLISECONDS);
            }
            if (!bulk.isEmpty() && (requests.isEmpty() || !bulkWentLast)) {
                bulkWentLast = true;
                return List.of(bulk.removeFirst());
            }
            bulkWentLast = false;
            List<AppendBatch> group = new ArrayList<>();
            int events = 0;
            while (!requests.isEmpty() && (group.isEmpty() || events < maxEventsPerTransaction)) {
                AppendBatch next = requests.removeFirst();
                group.add(next);
                events += next.events().size();
            }
            return group;
        } finally {
            queueLock.unlock();
        }
    }

    private void commit(List<AppendBatch> group) {
        try {
            List<List<AppendResult>> results = database.inTransaction(c -> transaction.write(c, group));
            committedTransactions.incrementAndGet();
            for (int i = 0; i < group.size(); i++) {
                group.get(i).result().complete(results.get(i));
            }
        } catch (SQLException | RuntimeException e) {
            if (Database.isUnavailable(e)) {
                // With the database away, each batch alone would wait for it again (the pool's connection
                // timeout), one after another: the last caller would wait that long times the group's size.
                group.forEach(batch -> batch.result().completeExceptionally(e));
                if (Database.anyInChain(e, sql -> sql instanceof SQLTransientConnectionException)) {
                    // No connection in the pool's whole timeout: what queued meanwhile would wait as long again.
                    takeQueued().forEach(waiting -> waiting.result().completeExceptionally(e));
                }
                return;
            }
            if (group.size() == 1 && !retryable(e)) {
                group.getFirst().result().completeExceptionally(e);
                return;
            }
            LOG.log(System.Logger.Level.DEBUG, "shared append transaction failed, committing each batch alone", e);
            group.forEach(this::commitAlone);
        }
    }

    /** Every batch still queued, requests' and bulk, taken off the queues. */
    private List<AppendBatch> takeQueued() {
        queueLock.lock();
        try {
            List<AppendBatch> taken = new ArrayList<>(requests);
            taken.addAll(bulk);
            requests.clear();
            bulk.clear();
            return taken;
        } finally {
            queueLock.unlock();
        }
    }

    private void commitAlone(AppendBatch batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                List<AppendResult> results = database.inTransaction(c -> transaction.write(c, List.of(batch))).getFirst();
                committedTransactions.incrementAndGet();
                batch.result().complete(results);
                return;
            } catch (SQLException | RuntimeException e) {
                if (attempt >= ATTEMPTS_ALONE || !retryable(e)) {
                    batch.result().completeExceptionally(e);
                    return;
                }
            }
        }
    }

    /** Deadlocks and serialization failures (SQLState class 40) succeed when simply tried again. */
    private static boolean retryable(Exception e) {
        return Database.anyInChain(e, sql -> sql.getSQLState() != null && sql.getSQLState().startsWith("40"));
    }

    private RuntimeException rethrowable(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        if (cause instanceof SQLException sql) {
            return database.failure("append", sql);
        }
        return new PostcardException("append failed: " + cause, cause);
    }

    /** Commits everything already queued, then stops the writers; batches still queued after that fail. */
    @Override
    public void close() {
        queueLock.lock();
        try {
            closed = true;
            queued.signalAll();
        } finally {
            queueLock.unlock();
        }
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        for (Thread writer : writers) {
            try {
                writer.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (AppendBatch batch : takeQueued()) {
            batch.result().completeExceptionally(
                    new PostcardException("the store closed before these events were written"));
        }
    }
}
