package dev.postcard.delivery;

import dev.postcard.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The delays between delivery attempts (DESIGN §6: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after the first
 * attempt), each spread by a random ± {@code jitter} so that endpoints which failed together do not all
 * come back at the same instant.
 */
public record RetrySchedule(List<Duration> delays, double jitter) {
    public static final RetrySchedule DEFAULT = new RetrySchedule(List.of(Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
            Duration.ofHours(10), Duration.ofHours(10)), 0.2);

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (delays.isEmpty()) {
            throw new InvalidInputException("POSTCARD_DELIVERY_RETRY_SCHEDULE", "the retry schedule needs at least one delay");
        }
        if (delays.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new InvalidInputException("POSTCARD_DELIVERY_RETRY_SCHEDULE", "every retry delay must be positive");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1)");
        }
    }

    public static RetrySchedule of(List<Duration> delays) {
        return new RetrySchedule(delays, DEFAULT.jitter);
    }

    /** The first attempt plus one per delay. */
    public int maxAttempts() {
        return delays.size() + 1;
    }

    /** The longest delay in the schedule: no wait, whatever a receiver asks, is longer. */
    public Duration longest() {
        return delays.stream().max(Duration::compareTo).orElseThrow();
    }

    /** The wait before the next attempt after {@code attemptsMade} attempts; empty when none is left. */
    public Optional<Duration> delayAfter(int attemptsMade, RandomGenerator random) {
        if (attemptsMade < 1 || attemptsMade > delays.size()) {
            return Optional.empty();
        }
        Duration base = delays.get(attemptsMade - 1);
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Optional.of(Duration.ofMillis(Math.max(1, Math.round(base.toMillis() * factor))));
    }
}
