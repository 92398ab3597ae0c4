package dev.postcard.sending;

import dev.postcard.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the send queue hands messages over.
 *
 * @param rate          hand-overs started per second, per transport
 * @param concurrency   hand-overs under way at once, per engine
 * @param retrySchedule waits before each retry of a temporary failure; after the last, {@code email.failed}
 *                      with {@code reason: retries_exhausted}
 * @param bounceDomain  the domain of VERP return paths ({@code bounce+<email_id>@<domain>}); without one the
 *                      envelope sender is the {@code from} address
 * @param lease         the margin a claimed copy is held beyond the transport's longest hand-over
 *                      ({@link Transport#longestHandOver()}) and its wait for a turn; a copy whose engine died is
 *                      claimed again after that
 * @param workerEnabled whether this engine hands copies over; off, it only accepts sends, and an engine on the
 *                      same database that has the worker on hands them over
 */
public record SendSettings(int rate, int concurrency, List<Duration> retrySchedule, Optional<String> bounceDomain,
                           Duration lease, boolean workerEnabled) {
    public static final SendSettings DEFAULT = new SendSettings(50, 8, List.of(Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4),
            Duration.ofHours(12)), Optional.empty(), Duration.ofSeconds(10), true);

    public SendSettings {
        if (rate < 1) {
            throw new InvalidInputException("POSTCARD_SEND_RATE", "the send rate must be at least 1 per second");
        }
        if (concurrency < 1) {
            throw new InvalidInputException("POSTCARD_SEND_CONCURRENCY", "the send concurrency must be at least 1");
        }
        retrySchedule = List.copyOf(retrySchedule);
        if (retrySchedule.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new InvalidInputException("POSTCARD_SEND_RETRY_SCHEDULE", "every retry delay must be positive");
        }
        bounceDomain = bounceDomain.map(d -> d.strip().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty());
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("the lease must be positive");
        }
    }

    public SendSettings withRate(int perSecond) {
        return new SendSettings(perSecond, concurrency, retrySchedule, bounceDomain, lease, workerEnabled);
    }

    public SendSettings withConcurrency(int limit) {
        return new SendSettings(rate, limit, retrySchedule, bounceDomain, lease, workerEnabled);
    }

    public SendSettings withRetrySchedule(List<Duration> delays) {
        return new SendSettings(rate, concurrency, delays, bounceDomain, lease, workerEnabled);
    }

    public SendSettings withBounceDomain(Optional<String> domain) {
        return new SendSettings(rate, concurrency, retrySchedule, domain, lease, workerEnabled);
    }

    public SendSettings withLease(Duration duration) {
        return new SendSettings(rate, concurrency, retrySchedule, bounceDomain, duration, workerEnabled);
    }

    public SendSettings withWorkerEnabled(boolean enabled) {
        return new SendSettings(rate, concurrency, retrySchedule, bounceDomain, lease, enabled);
    }

    /** The wait before the next attempt after {@code attemptsMade} attempts; empty when the schedule is spent. */
    Optional<Duration> delayAfter(int attemptsMade) {
        if (attemptsMade < 1 || attemptsMade > retrySchedule.size()) {
            return Optional.empty();
        }
        return Optional.of(retrySchedule.get(attemptsMade - 1));
    }

    /** The longest wait of the schedule: no wait a relay asks for is held longer. */
    Duration longestDelay() {
        return retrySchedule.stream().max(Duration::compareTo).orElse(Duration.ofMinutes(1));
    }
}
