package dev.postcard.sending;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * At most {@code rate} hand-overs started per second, with bursts of up to one second's worth. Goes by the JVM's
 * monotonic timer, not the engine's clock: it paces real traffic to a relay, whatever time the engine believes.
 */
final class TokenBucket {
    /** Where the bucket reads the time and waits: the monotonic timer, or a test's own. */
    interface Timer {
        long nanos();

        void sleep(long nanos) throws InterruptedException;
    }

    static final Timer MONOTONIC = new Timer() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            LockSupport.parkNanos(nanos);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    };

    private final double rate;
    private final Timer timer;
    private double tokens;
    private long refilledAt;

    TokenBucket(int rate) {
        this(rate, MONOTONIC);
    }

    TokenBucket(int rate, Timer timer) {
        this.rate = rate;
        this.timer = timer;
        this.tokens = rate;
        this.refilledAt = timer.nanos();
    }

    /** Waits for a token and takes it. */
    void take() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = timer.nanos();
            tokens = Math.min(rate, tokens + (now - refilledAt) * rate / TimeUnit.SECONDS.toNanos(1));
            refilledAt = now;
            tokens -= 1;
            // A negative balance is a queue: each taker waits for the tokens owed before its own.
            wait = tokens >= 0 ? 0 : (long) (-tokens * TimeUnit.SECONDS.toNanos(1) / rate);
        }
        long until = timer.nanos() + wait;
        for (long left = wait; left > 0; left = until - timer.nanos()) {
            timer.sleep(left);
        }
    }

    /** The longest {@code takers} asking at once wait for the last of them to get a token. */
    Duration longestWait(int takers) {
        return Duration.ofMillis((long) Math.ceil(1000.0 * takers / rate));
    }
}
