package dev.postcard.bounces.intake;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the bounce mailbox waits before reconnecting after a failed poll: {@code first} after the first
 * failure, twice as long after each further one, never more than {@code max}. A mailbox that is down for
 * hours is then asked about every {@code max}, not hammered.
 */
public record ReconnectBackoff(Duration first, Duration max) {
    /** A second after the first failure, at most five minutes. */
    public static final ReconnectBackoff DEFAULT = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    public ReconnectBackoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (first.isNegative() || first.isZero()) {
            throw new IllegalArgumentException("the first reconnect delay must be positive");
        }
        if (max.compareTo(first) < 0) {
            throw new IllegalArgumentException("the longest reconnect delay cannot be shorter than the first");
        }
    }

    /** The wait after the failure that follows one waited out with {@code previous}. */
    public Duration after(Duration previous) {
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
