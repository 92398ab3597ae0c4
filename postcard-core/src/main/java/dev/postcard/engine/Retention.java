package dev.postcard.engine;

import dev.postcard.InvalidInputException;
import java.time.Duration;
import java.util.Optional;

/**
 * How long Postcard keeps what it stores: events (after they were stored), finished webhook deliveries (after
 * they succeeded or failed), delivery attempts (after they were made) and the copies of sends (after their
 * outcome; a send's content goes with its last copy, once its idempotency key expired). Empty: kept for good.
 * Stats, suppressions, messages and settings are kept for good.
 */
public record Retention(Optional<Duration> events, Optional<Duration> deliveries, Optional<Duration> attempts,
                        Optional<Duration> sends) {
    /** Under a day, a delivery still being retried could lose its history; and pruning runs hourly anyway. */
    public static final Duration MINIMUM = Duration.ofDays(1);

    public static final Retention DEFAULTS = new Retention(Optional.of(Duration.ofDays(400)),
            Optional.of(Duration.ofDays(30)), Optional.of(Duration.ofDays(30)), Optional.of(Duration.ofDays(30)));

    public static final Retention FOREVER = new Retention(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public Retention {
        check("events", events);
        check("deliveries", deliveries);
        check("attempts", attempts);
        check("sends", sends);
    }

    private static void check(String field, Optional<Duration> period) {
        if (period.isPresent() && period.get().compareTo(MINIMUM) < 0) {
            throw new InvalidInputException(field, field + " must be kept at least 1 day, or for good");
        }
    }
}
