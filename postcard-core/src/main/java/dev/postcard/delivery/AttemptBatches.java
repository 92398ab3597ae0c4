package dev.postcard.delivery;

import dev.postcard.PostcardException;
import dev.postcard.storage.Database;
import dev.postcard.storage.WriteTurns;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for delivery attempts: the attempts that finish while one transaction writes are written together
 * in the next. One transaction per attempt meant thousands of write transactions a second while a backlog drains;
 * on SQLite each one is a turn at the only write lock, and requests would wait behind them (see
 * {@link WriteTurns}), or the deliveries would crawl if requests went first. A virtual thread writes while
 * attempts are waiting and ends when none are. Within a batch the attempt rows are one JDBC batch and each
 * webhook's outcome is written once per run of equal outcomes (see {@link #writeAll}). The commits are
 * {@link Database.Durability#DEFERRED}: a record lost to a power cut means the delivery goes out once more.
 */
final class AttemptBatches {
    private static final int MAX_BATCH = 256;

    private record Pending(String owner, DeliveryAttempt attempt, DeliveryStatus status, long nextAttemptAt,
                           CompletableFuture<Boolean> done) {
    }

    private final Database database;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Pending> queue = new ArrayDeque<>();
    private boolean writing;

    AttemptBatches(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Blocks until the attempt is written; false, with nothing written, when the lease was not the owner's. */
    boolean record(String owner, DeliveryAttempt attempt, DeliveryStatus status, long nextAttemptAt) {
        Pending pending = new Pending(owner, attempt, status, nextAttemptAt, new CompletableFuture<>());
        lock.lock();
        try {
            queue.addLast(pending);
            if (!writing) {
                writing = true;
                Thread.ofVirtual().name("postcard-delivery-attempts").start(this::writeWhileQueued);
            }
        } finally {
            lock.unlock();
        }
        try {
            return pending.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostcardException("interrupted while the attempt was recorded; it may be stored", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new PostcardException("recording a delivery attempt failed: " + e.getCause(), e.getCause());
        }
    }

    private void writeWhileQueued() {
        while (true) {
            List<Pending> batch = new ArrayList<>();
            lock.lock();
            try {
                while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                    batch.add(queue.removeFirst());
                }
                if (batch.isEmpty()) {
                    writing = false;
                    return;
                }
            } finally {
                lock.unlock();
            }
            try {
                write(batch);
            } catch (Throwable t) {
                batch.forEach(p -> p.done().completeExceptionally(t)); // nobody may wait forever
            }
        }
    }

    private void write(List<Pending> batch) {
        // By webhook (stable: each webhook's attempts keep their order), so writers on other nodes lock rows in
        // the same order.
        List<Pending> ordered = batch.stream().sorted(Comparator.comparing(p -> p.attempt().webhookId())).toList();
        try {
            List<Boolean> written = database.inTransaction(WriteTurns.Lane.BACKGROUND, Database.Durability.DEFERRED,
                    c -> writeAll(c, ordered, clock.millis()));
            for (int i = 0; i < ordered.size(); i++) {
                ordered.get(i).done().complete(written.get(i));
            }
        } catch (SQLException | RuntimeException e) {
            if (ordered.size() == 1) {
                ordered.getFirst().done().completeExceptionally(e instanceof SQLException sql
                        ? database.failure("record delivery attempt", sql) : e);
                return;
            }
            // One attempt's failure (or a deadlock with another node) fails the batch: each alone, once more.
            for (Pending p : ordered) {
                try {
                    p.done().complete(database.transaction(WriteTurns.Lane.BACKGROUND, Database.Durability.DEFERRED,
                            "record delivery attempt", c -> writeOne(c, p, clock.millis())));
                } catch (RuntimeException alone) {
                    p.done().completeExceptionally(alone);
                }
            }
        }
    }

    /**
     * The batch in one transaction: each delivery's move is its own statement (it must see whether the lease is
     * still the owner's), but the attempt rows go in one JDBC batch, and the webhooks' outcomes are written once
     * per run of one webhook's equal outcomes instead of once per attempt: the first failure of a run starts
     * the streak (the others would find it running) and the latest success of a run stands for all of it
     * ({@code last_success_at} may be a second stale anyway, see {@link WebhookRows#recordOutcome}).
     */
    private static List<Boolean> writeAll(java.sql.Connection connection, List<Pending> ordered, long now)
            throws SQLException {
        List<Boolean> results = new ArrayList<>(ordered.size());
        List<Pending> moved = new ArrayList<>(ordered.size());
        try (PreparedStatement update = connection.prepareStatement(DeliveryRows.COMPLETE_ATTEMPT)) {
            for (Pending p : ordered) {
                boolean ok = DeliveryRows.moveAfterAttempt(update, p.owner(), p.attempt(), p.status(),
                        p.nextAttemptAt(), now);
                results.add(ok);
                if (ok) {
                    moved.add(p);
                }
            }
        }
        DeliveryRows.logAttempts(connection, moved.stream().map(Pending::attempt).toList());
        int i = 0;
        while (i < moved.size()) {
            String webhookId = moved.get(i).attempt().webhookId();
            boolean success = succeeded(moved.get(i));
            long at = moved.get(i).attempt().attemptedAt().toEpochMilli();
            int j = i + 1;
            for (; j < moved.size() && moved.get(j).attempt().webhookId().equals(webhookId)
                    && succeeded(moved.get(j)) == success; j++) {
                long next = moved.get(j).attempt().attemptedAt().toEpochMilli();
                at = success ? Math.max(at, next) : Math.min(at, next);
            }
            WebhookRows.recordOutcome(connection, webhookId, success, at);
            i = j;
        }
        return results;
    }

    private static boolean succeeded(Pending p) {
        return p.status() == DeliveryStatus.SUCCEEDED;
    }

    private static boolean writeOne(java.sql.Connection connection, Pending p, long now) throws SQLException {
        if (!DeliveryRows.completeAttempt(connection, p.owner(), p.attempt(), p.status(), p.nextAttemptAt(), now)) {
            return false;
        }
        WebhookRows.recordOutcome(connection, p.attempt().webhookId(), p.status() == DeliveryStatus.SUCCEEDED,
                p.attempt().attemptedAt().toEpochMilli());
        return true;
    }
}
