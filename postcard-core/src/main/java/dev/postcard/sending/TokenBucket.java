package dev.postcard.sending;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * At most {@code rate} hand-overs started per second, with bursts of up to one second's worth. Goes by the JVM's
 * monotonic timer, not the engine's clock: it paces real traffic to a relay, whatever time the engine believes.
 */
final class TokenBucket {
    private final double rate;
    private double tokens;
    private long refilledAt = System.nanoTime();

    TokenBucket(int rate) {
        this.rate = rate;
        this.tokens = rate;
    }

    /** Waits for a token and takes it. */
    void take() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(rate, tokens + (now - refilledAt) * rate / TimeUnit.SECONDS.toNanos(1));
            refilledAt = now;
            tokens -= 1;
            // A negative balance is a queue: each taker waits for the tokens owed before its own.
            wait = tokens >= 0 ? 0 : (long) (-tokens * TimeUnit.SECONDS.toNanos(1) / rate);
        }
        long until = System.nanoTime() + wait;
        for (long left = wait; left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
