package dev.postcard.engine;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A pass run on a virtual thread of its own: at start, when woken, and every {@code period}. A pass that throws
 * is logged and the next one retries; an {@link Error} also marks the loop failing in {@link BackgroundHealth}
 * (readiness) until a pass succeeds. Closing stops after the pass under way.
 */
public final class BackgroundLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BackgroundLoop.class.getName());
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final String name;
    private final Duration period;
    private final BackgroundHealth health;
    private final Runnable pass;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean closed;
    private Thread thread;

    /** {@code name} names the loop in logs, in readiness and (with a {@code postcard-} prefix) its thread. */
    public BackgroundLoop(String name, Duration period, BackgroundHealth health, Runnable pass) {
        this.name = name;
        this.period = period;
        this.health = health;
        this.pass = pass;
    }

    public synchronized void start() {
        if (thread == null) {
            thread = Thread.ofVirtual().name("postcard-" + name.replace(' ', '-')).start(this::run);
        }
    }

    /** Asks for a pass soon, without waiting for it. */
    public void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    /** For a pass working in batches: whether it should stop after the batch under way. */
    public BooleanSupplier stopping() {
        return () -> closed;
    }

    private void run() {
        while (!closed) {
            try {
                pass.run();
                health.passed(name);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, name + " failed; the next pass retries: " + e);
            } catch (Error e) {
                LOG.log(System.Logger.Level.ERROR, name + " failed with an error; the loop runs again", e);
                health.failed(name, e);
                if (!BackgroundHealth.pauseAfterFailure()) {
                    return;
                }
            }
            try {
                wakeUp.tryAcquire(period.toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        wakeUp.release();
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            try {
                running.join(CLOSE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
