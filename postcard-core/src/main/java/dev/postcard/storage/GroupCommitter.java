package dev.postcard.storage;

import dev.postcard.PostcardException;
import dev.postcard.event.Event;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit: callers queue their batch and wait; writer threads take everything queued (up to a number of
 * events), write it in one transaction and answer every caller at once. One commit, one fsync, many callers.
 * When a shared transaction fails, each batch is retried in a transaction of its own, so one caller's bad
 * batch fails that caller only.
 */
final class GroupCommitter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GroupCommitter.class.getName());
    private static final int ATTEMPTS_ALONE = 3;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final Database database;
    private final AppendTransaction transaction;
    private final int maxEventsPerTransaction;
    private final LinkedBlockingQueue<AppendBatch> queue = new LinkedBlockingQueue<>();
    private final Object submitLock = new Object();
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
        AppendBatch batch = AppendBatch.of(tenantId, events);
        synchronized (submitLock) {
            if (closed) {
                throw new PostcardException("the store is closed; events cannot be appended");
            }
            queue.add(batch);
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
        return queue.size();
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

    /** The next batches to commit together; empty once the store is closed and nothing is left. */
    private List<AppendBatch> nextGroup() throws InterruptedException {
        AppendBatch first = null;
        while (first == null) {
            first = queue.poll(100, TimeUnit.MILLISECONDS);
            // Once closed is seen, nothing more can be queued, so an empty queue stays empty.
            if (first == null && closed && queue.isEmpty()) {
                return List.of();
            }
        }
        List<AppendBatch> group = new ArrayList<>();
        group.add(first);
        int events = first.events().size();
        while (events < maxEventsPerTransaction) {
            AppendBatch next = queue.poll();
            if (next == null) {
                break;
            }
            group.add(next);
            events += next.events().size();
        }
        return group;
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
                    for (AppendBatch waiting; (waiting = queue.poll()) != null; ) {
                        waiting.result().completeExceptionally(e);
                    }
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
        synchronized (submitLock) {
            closed = true;
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
        for (AppendBatch batch; (batch = queue.poll()) != null; ) {
            batch.result().completeExceptionally(
                    new PostcardException("the store closed before these events were written"));
        }
    }
}
