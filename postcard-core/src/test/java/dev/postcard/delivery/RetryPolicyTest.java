package dev.postcard.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final RetryPolicy policy = new RetryPolicy(RetrySchedule.DEFAULT, Duration.ofDays(5), new SplittableRandom(7));

    @Test
    void anyTwoHundredSucceeds() {
        assertThat(policy.decide(204, Optional.empty(), 1, NOW, Optional.empty()).outcome())
                .isInstanceOf(DeliveryOutcome.Succeeded.class);
    }

    @Test
    void failuresFollowTheScheduleWithinTwentyPercent() {
        List<Duration> delays = RetrySchedule.DEFAULT.delays();
        for (int attempt = 1; attempt <= delays.size(); attempt++) {
            DeliveryDecision decision = policy.decide(500, Optional.empty(), attempt, NOW, Optional.empty());
            long waited = Duration.between(NOW, nextAttempt(decision)).toMillis();
            long base = delays.get(attempt - 1).toMillis();
            assertThat(waited).as("attempt %d", attempt).isBetween(Math.round(base * 0.8), Math.round(base * 1.2));
        }
    }

    @Test
    void afterTheLastAttemptTheDeliveryFails() {
        DeliveryDecision decision = policy.decide(0, Optional.empty(), RetrySchedule.DEFAULT.maxAttempts(), NOW,
                Optional.empty());
        assertThat(decision.outcome()).isInstanceOf(DeliveryOutcome.Failed.class);
        assertThat(decision.disableEndpoint()).isEmpty();
    }

    @Test
    void goneDisablesTheEndpointAtOnce() {
        DeliveryDecision decision = policy.decide(410, Optional.empty(), 1, NOW, Optional.empty());
        assertThat(decision.outcome()).isInstanceOf(DeliveryOutcome.Failed.class);
        assertThat(decision.disableEndpoint()).hasValueSatisfying(r -> assertThat(r).contains("410"));
    }

    @Test
    void retryAfterIsHonouredButClampedToTheLongestDelay() {
        RetryPolicy exact = new RetryPolicy(new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofHours(1)), 0),
                Duration.ofDays(5), new SplittableRandom(1));
        assertThat(exact.decide(429, Optional.of(Duration.ofMinutes(2)), 1, NOW, Optional.empty()).outcome())
                .isEqualTo(new DeliveryOutcome.RetryAt(NOW.plus(Duration.ofMinutes(2))));
        assertThat(exact.decide(503, Optional.of(Duration.ofDays(2)), 1, NOW, Optional.empty()).outcome())
                .isEqualTo(new DeliveryOutcome.RetryAt(NOW.plus(Duration.ofHours(1))));
        assertThat(exact.decide(503, Optional.of(Duration.ofSeconds(1)), 1, NOW, Optional.empty()).outcome())
                .as("never sooner than the schedule").isEqualTo(new DeliveryOutcome.RetryAt(NOW.plus(Duration.ofSeconds(5))));
        assertThat(exact.decide(500, Optional.of(Duration.ofMinutes(2)), 1, NOW, Optional.empty()).outcome())
                .as("only 429 and 503 carry a meaningful Retry-After").isEqualTo(new DeliveryOutcome.RetryAt(NOW.plus(Duration.ofSeconds(5))));
    }

    @Test
    void anEndpointFailingForFiveDaysIsDisabledAndItsDeliveryKept() {
        DeliveryDecision fresh = policy.decide(500, Optional.empty(), 2, NOW, Optional.of(NOW.minus(Duration.ofDays(4))));
        assertThat(fresh.disableEndpoint()).isEmpty();
        DeliveryDecision stale = policy.decide(500, Optional.empty(), 2, NOW, Optional.of(NOW.minus(Duration.ofDays(5))));
        assertThat(stale.disableEndpoint()).isPresent();
        assertThat(stale.outcome()).isInstanceOf(DeliveryOutcome.RetryAt.class);
    }

    private static Instant nextAttempt(DeliveryDecision decision) {
        assertThat(decision.outcome()).isInstanceOf(DeliveryOutcome.RetryAt.class);
        return ((DeliveryOutcome.RetryAt) decision.outcome()).nextAttemptAt();
    }

    @Test
    void schedulesAreChecked() {
        assertThatThrownBy(() -> RetrySchedule.of(List.of())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> RetrySchedule.of(List.of(Duration.ZERO))).isInstanceOf(InvalidInputException.class);
        assertThat(RetrySchedule.DEFAULT.maxAttempts()).isEqualTo(8);
        assertThat(RetrySchedule.DEFAULT.longest()).isEqualTo(Duration.ofHours(10));
    }
}
