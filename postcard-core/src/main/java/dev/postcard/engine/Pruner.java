package dev.postcard.engine;

import dev.postcard.storage.JdbcStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Deletes what {@link Retention} no longer keeps, once an hour: old events, finished deliveries and attempts,
 * finished copies of sends and the sends left without copies, each in batches of its own short background
 * transaction, so the writer never waits for more than one batch (on SQLite, requests' writes take every other
 * turn).
 */
public final class Pruner implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Pruner.class.getName());
    private static final String LOOP = "retention";
    static final Duration PERIOD = Duration.ofHours(1);
    /** Rows per transaction: about a millisecond or two of the writer's time. */
    static final int BATCH = 500;

    private final JdbcStore store;
    private final Deliveries deliveries;
    private final Sends sends;
    private final Retention retention;
    private final Clock clock;
    private final BackgroundLoop loop;
    private final BooleanSupplier stopping;

    /** The webhook deliveries' share of retention (the delivery feature's store). */
    public interface Deliveries {
        /** Deletes up to {@code max} deliveries finished before {@code cutoff}; returns how many. */
        int pruneDeliveries(Instant cutoff, int max);

        /** Deletes up to {@code max} of the oldest attempts made before {@code cutoff}; returns how many. */
        int pruneAttempts(Instant cutoff, int max);
    }

    /** The send queue's share of retention (the sending feature's store). */
    public interface Sends {
        /**
         * Deletes up to {@code max} copies that finished before {@code cutoff} and whose outcome was announced;
         * returns how many.
         */
        int pruneCopies(Instant cutoff, int max);

        /**
         * Deletes up to {@code max} sends created before {@code cutoff} that have no copies left and whose
         * idempotency key expired by {@code now}; returns how many.
         */
        int pruneSends(Instant cutoff, Instant now, int max);
    }

    public Pruner(JdbcStore store, Deliveries deliveries, Sends sends, Retention retention, Clock clock,
                  BackgroundHealth health) {
        this.store = store;
        this.deliveries = deliveries;
        this.sends = sends;
        this.retention = retention;
        this.clock = clock;
        this.loop = new BackgroundLoop(LOOP, PERIOD, health, this::pass);
        this.stopping = loop.stopping();
    }

    public void start() {
        loop.start();
    }

    /** One pass: marks the log, then deletes everything due; returns the rows deleted. */
    public long pruneNow() {
        Instant now = clock.instant();
        store.markLog(now);
        long deleted = 0;
        if (retention.events().isPresent()) {
            Instant cutoff = now.minus(retention.events().get());
            deleted += inBatches(() -> store.pruneEvents(cutoff, BATCH));
        }
        if (retention.deliveries().isPresent()) {
            Instant cutoff = now.minus(retention.deliveries().get());
            deleted += inBatches(() -> deliveries.pruneDeliveries(cutoff, BATCH));
        }
        if (retention.attempts().isPresent()) {
            Instant cutoff = now.minus(retention.attempts().get());
            deleted += inBatches(() -> deliveries.pruneAttempts(cutoff, BATCH));
        }
        if (retention.sends().isPresent()) {
            Instant cutoff = now.minus(retention.sends().get());
            // Copies first: a send goes once its last copy has gone.
            deleted += inBatches(() -> sends.pruneCopies(cutoff, BATCH));
            deleted += inBatches(() -> sends.pruneSends(cutoff, now, BATCH));
        }
        return deleted;
    }

    private long inBatches(IntSupplier batch) {
        long total = 0;
        int deleted;
        do {
            deleted = batch.getAsInt();
            total += deleted;
        } while (deleted == BATCH && !stopping.getAsBoolean());
        return total;
    }

    private void pass() {
        long deleted = pruneNow();
        if (deleted > 0) {
            LOG.log(System.Logger.Level.INFO, "retention: deleted {0} old rows", deleted);
        }
    }

    /** Stops after the batch under way; what is left, the next start deletes. */
    @Override
    public void close() {
        loop.close();
    }
}
