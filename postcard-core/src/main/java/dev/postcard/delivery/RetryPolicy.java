package dev.postcard.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Turns the result of an attempt into a {@link DeliveryDecision} (DESIGN §6): any 2xx succeeds; 410 Gone
 * disables the endpoint; other answers and errors are retried on the schedule, and 429/503 with
 * {@code Retry-After} wait at least what the receiver asked but never longer than the schedule's longest
 * delay; an endpoint without a single success for {@code disableAfter} is disabled.
 */
final class RetryPolicy {
    private final RetrySchedule schedule;
    private final Duration disableAfter;
    private final RandomGenerator random;

    public RetryPolicy(RetrySchedule schedule, Duration disableAfter, RandomGenerator random) {
        if (disableAfter.isNegative() || disableAfter.isZero()) {
            throw new IllegalArgumentException("disableAfter must be positive");
        }
        this.schedule = schedule;
        this.disableAfter = disableAfter;
        this.random = random;
    }

    public RetrySchedule schedule() {
        return schedule;
    }

    /**
     * @param statusCode    the HTTP status, or 0 when no answer came (connection, TLS, timeout, blocked address)
     * @param retryAfter    the receiver's {@code Retry-After}, when it sent one
     * @param attemptsMade  attempts made so far, this one included
     * @param failingSince  when the endpoint's current run of failures began, this attempt aside
     */
    public DeliveryDecision decide(int statusCode, Optional<Duration> retryAfter, int attemptsMade, Instant now,
                                   Optional<Instant> failingSince) {
        if (statusCode >= 200 && statusCode < 300) {
            return new DeliveryDecision(DeliveryOutcome.succeeded(), Optional.empty());
        }
        if (statusCode == 410) {
            return new DeliveryDecision(DeliveryOutcome.failed(), Optional.of("the endpoint answered 410 Gone"));
        }
        Optional<String> disable = failingSince
                .filter(since -> !since.plus(disableAfter).isAfter(now))
                .map(since -> "no successful delivery since " + since + " (" + disableAfter.toHours() + " h)");
        Optional<Duration> delay = schedule.delayAfter(attemptsMade, random).map(d -> honour(statusCode, retryAfter, d));
        return new DeliveryDecision(delay.map(d -> DeliveryOutcome.retryAt(now.plus(d))).orElseGet(DeliveryOutcome::failed),
                disable);
    }

    private Duration honour(int statusCode, Optional<Duration> retryAfter, Duration scheduled) {
        if ((statusCode != 429 && statusCode != 503) || retryAfter.isEmpty()) {
            return scheduled;
        }
        Duration asked = retryAfter.get();
        Duration atLeast = asked.compareTo(scheduled) > 0 ? asked : scheduled;
        return atLeast.compareTo(schedule.longest()) > 0 ? schedule.longest() : atLeast;
    }
}
