package dev.postcard.alerts;

import dev.postcard.engine.BackgroundHealth;
import dev.postcard.event.StoredEvent;
import dev.postcard.storage.LogProjection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs alert evaluation off the recording threads: one virtual thread, woken with the tenants whose counted
 * events just committed (a burst of commits of one tenant costs one evaluation), and each minute re-checking
 * every tenant so that a window sliding past old bounces clears its alert without new events. At start and
 * each minute it also records the events of crossings a stopped node left unannounced.
 */
public final class Alerts implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Alerts.class.getName());
    private static final String LOOP = "alerts";
    static final Duration PERIOD = Duration.ofMinutes(1);

    private final AlertEvaluator evaluator;
    private final Duration period;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Semaphore wake = new Semaphore(0);
    private final BackgroundHealth health;
    private volatile boolean running;
    private Thread thread;

    public Alerts(AlertEvaluator evaluator, BackgroundHealth health) {
        this(evaluator, PERIOD, health);
    }

    Alerts(AlertEvaluator evaluator, Duration period, BackgroundHealth health) {
        this.evaluator = evaluator;
        this.period = period;
        this.health = health;
    }

    /** The projection to add to the store's projector before it starts; it keeps the per-minute counters. */
    public static LogProjection counting() {
        return new AlertCountStep();
    }

    public AlertEvaluator evaluator() {
        return evaluator;
    }

    /**
     * For {@code LogProjector.afterProjected}: once the counters hold the events. Quick, never throws; only notes
     * the tenants and wakes the worker.
     */
    public void afterProjected(List<StoredEvent> projected) {
        try {
            boolean counted = false;
            for (StoredEvent stored : projected) {
                if (AlertCountStep.COUNTED.contains(stored.event().type())) {
                    pending.add(stored.tenantId());
                    counted = true;
                }
            }
            if (counted) {
                wake.release();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "alert wake-up failed: " + e);
        }
    }

    public synchronized void start() {
        if (thread == null) {
            running = true;
            thread = Thread.ofVirtual().name("postcard-alerts").start(this::run);
        }
    }

    private void run() {
        long nextSweep = System.nanoTime(); // at once: crossings left unannounced by a stopped node
        while (running) {
            try {
                if (System.nanoTime() - nextSweep >= 0) {
                    nextSweep = System.nanoTime() + period.toNanos();
                    evaluator.announcePending();
                    evaluator.evaluateAll();
                }
                for (String tenantId : List.copyOf(pending)) {
                    pending.remove(tenantId);
                    evaluator.evaluate(tenantId);
                }
                health.passed(LOOP);
                long wait = Math.max(0, nextSweep - System.nanoTime());
                if (wake.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The database may be briefly away; the next wake-up or sweep tries again.
                LOG.log(System.Logger.Level.WARNING, "alert evaluation failed: " + e);
                sleepQuietly();
            } catch (Error e) {
                LOG.log(System.Logger.Level.ERROR, "alert evaluation failed with an error; the loop runs again", e);
                health.failed(LOOP, e);
                sleepQuietly();
            }
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    /** Stops the worker and waits for the evaluation under way; crossings it left unannounced wait for a sweep. */
    @Override
    public void close() {
        Thread stopping;
        synchronized (this) {
            running = false;
            stopping = thread;
            thread = null;
        }
        if (stopping != null) {
            wake.release();
            try {
                stopping.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
