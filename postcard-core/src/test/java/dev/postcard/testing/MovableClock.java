package dev.postcard.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock every engine and server in the tests goes by. It stands still until the test moves it (expiries,
 * sliding windows, leases, default periods), or, made with {@link #running}, it also runs at the pace of the
 * JVM's monotonic timer, for parts that wait out real delays such as a delivery retry schedule of milliseconds.
 *
 * <p>{@link #START} lies years away from any day the suite runs on, on purpose: a part that reads the system
 * clock instead of this one puts its times years off the rest, and the test that looks at them fails today,
 * not on the day the calendar happens to reach a fixture's date.
 */
public final class MovableClock extends Clock {
    /**
     * Where the clock starts: a Saturday afternoon, inside an hour and a second as the present usually is, so
     * "yesterday" and "two days ago" fall on other days and a period ending now still holds this hour.
     */
    public static final Instant START = Instant.parse("2030-06-15T12:34:56.789Z");

    private final boolean running;
    private final long startNanos = System.nanoTime();
    private volatile Instant base;

    private MovableClock(Instant start, boolean running) {
        this.base = start;
        this.running = running;
    }

    /** A clock that stands at {@code start} until moved. */
    public MovableClock(Instant start) {
        this(start, false);
    }

    /** A clock standing at {@link #START}. */
    public static MovableClock atStart() {
        return new MovableClock(START, false);
    }

    /** A clock that starts at {@link #START} and runs with the monotonic timer; it can be moved as well. */
    public static MovableClock running() {
        return new MovableClock(START, true);
    }

    public synchronized void advance(Duration by) {
        base = base.plus(by);
    }

    @Override
    public Instant instant() {
        return running ? base.plusNanos(System.nanoTime() - startNanos) : base;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public String toString() {
        return (running ? "MovableClock(running, at " : "MovableClock(at ") + instant() + ")";
    }
}
