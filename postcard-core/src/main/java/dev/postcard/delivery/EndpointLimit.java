package dev.postcard.delivery;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * How many attempts may run against one endpoint at once, found by AIMD (additive increase, multiplicative
 * decrease), the rule TCP congestion control uses for its window and Netflix concurrency-limits for its
 * {@code AIMDLimit}. A fixed number is wrong for almost every endpoint: too few for a receiver that answers 500
 * requests at once in 20 ms, too many for one that falls over at 5. The endpoint's own answers tell:
 *
 * <ul>
 * <li>a 2xx answered in time (within {@link #LATENCY_TOLERANCE} times the endpoint's baseline, its observed
 *     minimum latency, plus {@link #LATENCY_GRACE}) raises the limit by one, while the limit is in use (at least
 *     half of it in flight; an endpoint that gets one delivery at a time does not earn a limit of 256);</li>
 * <li>a slow 2xx leaves the limit where it is: the receiver is queueing;</li>
 * <li>a timeout, a connection that fails or breaks, 429 and 5xx halve it, at most once per generation: the
 *     attempts already running when the limit fell do not halve it again (TCP's one reduction per window), so a
 *     burst of 200 timeouts halves it once, not 200 times;</li>
 * <li>anything else (other 4xx, 3xx, DNS, TLS, a blocked address) says nothing about load and changes nothing.</li>
 * </ul>
 *
 * It starts small, never goes below {@link #FLOOR} or above its ceiling. The baseline is the fastest answer of the
 * last {@link #BASELINE_WINDOW} to two (TCP BBR keeps its minimum round trip the same way), so one lucky fast
 * answer does not make every later one look slow forever, and queueing that builds up within a window shows as
 * latency above it. It follows time, not the number of answers: a baseline that crept up with every answer would
 * creep fastest on the busiest endpoints, until their own queueing looked normal and the limit rose to the
 * ceiling.
 * Written here rather than taken from concurrency-limits: that library brings its own executor and metrics
 * registry, and what is needed is these few lines plus a wait that suits virtual threads.
 */
public final class EndpointLimit {
    public static final int FLOOR = 1;
    public static final int DEFAULT_CEILING = 256;
    static final double LATENCY_TOLERANCE = 2.0;
    static final Duration LATENCY_GRACE = Duration.ofMillis(10);
    static final Duration BASELINE_WINDOW = Duration.ofSeconds(10);

    /** What an answer says about the endpoint's load. */
    public enum Signal {
        /** 2xx: the endpoint coped. */
        SUCCESS,
        /** Timeout, connection error, 429, 5xx: the endpoint is overloaded or down. */
        DROP,
        /** Nothing about load. */
        IGNORE;

        public static Signal of(AttemptOutcome outcome) {
            return switch (outcome) {
                case AttemptOutcome.Delivered d -> SUCCESS;
                case AttemptOutcome.Rejected r -> r.status() == 429 || r.status() >= 500 ? DROP : IGNORE;
                case AttemptOutcome.Failed f -> switch (f.errorClass()) {
                    case TIMEOUT, CONNECT, IO, PROTOCOL -> DROP;
                    case DNS, TLS, BLOCKED_ADDRESS -> IGNORE;
                };
            };
        }
    }

    /** A right to one attempt; the generation is the number of decreases before it was taken. */
    public record Permit(long generation) {
    }

    /** The limit and what runs under it, at one moment. */
    public record Snapshot(int limit, int inFlight) {
    }

    private final int ceiling;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private int limit;
    private int inFlight;
    private long generation;
    /** The fastest answer of the window under way and of the one before it; {@code MAX_VALUE}: none. */
    private long windowMinNanos = Long.MAX_VALUE;
    private long previousWindowMinNanos = Long.MAX_VALUE;
    private long windowStartNanos;

    public EndpointLimit(int initial, int ceiling) {
        this(initial, ceiling, System::nanoTime);
    }

    /** {@code nanoTime}: the monotonic time the baseline's windows follow; tests move it by hand. */
    EndpointLimit(int initial, int ceiling, LongSupplier nanoTime) {
        if (ceiling < FLOOR) {
            throw new IllegalArgumentException("ceiling must be at least " + FLOOR);
        }
        this.ceiling = ceiling;
        this.limit = Math.clamp(initial, FLOOR, ceiling);
        this.nanoTime = nanoTime;
        this.windowStartNanos = nanoTime.getAsLong();
    }

    /** Waits until an attempt may start; empty when {@code timeout} passed first. */
    public Optional<Permit> acquire(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (inFlight >= limit) {
                if (left <= 0) {
                    wakeWaiters(); // a turn handed to this waiter as it gave up goes to the next one
                    return Optional.empty();
                }
                left = freed.awaitNanos(left);
            }
            inFlight++;
            return Optional.of(new Permit(generation));
        } finally {
            lock.unlock();
        }
    }

    /** Ends an attempt without an answer to learn from (it was never sent). */
    public void release(Permit permit) {
        finish(permit, Signal.IGNORE, Duration.ZERO);
    }

    /** Ends an attempt and adjusts the limit to what the endpoint answered, after {@code latency}. */
    public void finish(Permit permit, Signal signal, Duration latency) {
        lock.lock();
        try {
            int wasInFlight = inFlight;
            inFlight--;
            switch (signal) {
                case SUCCESS -> {
                    long nanos = latency.toNanos();
                    long baseline = baseline();
                    long threshold = baseline == Long.MAX_VALUE ? Long.MAX_VALUE
                            : (long) (baseline * LATENCY_TOLERANCE) + LATENCY_GRACE.toNanos();
                    if (nanos <= threshold && wasInFlight * 2 >= limit && limit < ceiling) {
                        limit++;
                    }
                    windowMinNanos = Math.min(windowMinNanos, nanos);
                }
                case DROP -> {
                    if (permit.generation() == generation) {
                        limit = Math.max(FLOOR, limit / 2);
                        generation++;
                    }
                }
                case IGNORE -> {
                }
            }
            wakeWaiters();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Wakes one waiter per free turn, not all of them: an endpoint can have hundreds of deliveries waiting, and
     * waking every one for each answer would cost a virtual-thread switch per waiter per delivery.
     */
    private void wakeWaiters() {
        for (int free = limit - inFlight; free > 0 && lock.hasWaiters(freed); free--) {
            freed.signal();
        }
    }

    /** The fastest answer of this window and the last; moves the windows on first. Called holding the lock. */
    private long baseline() {
        long now = nanoTime.getAsLong();
        long window = BASELINE_WINDOW.toNanos();
        if (now - windowStartNanos >= window) {
            // A window passed: it becomes the previous one, unless a whole further window passed without answers.
            previousWindowMinNanos = now - windowStartNanos >= 2 * window ? Long.MAX_VALUE : windowMinNanos;
            windowMinNanos = Long.MAX_VALUE;
            windowStartNanos = now;
        }
        return Math.min(windowMinNanos, previousWindowMinNanos);
    }

    public Snapshot snapshot() {
        lock.lock();
        try {
            return new Snapshot(limit, inFlight);
        } finally {
            lock.unlock();
        }
    }
}
