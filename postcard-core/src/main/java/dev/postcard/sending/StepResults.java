package dev.postcard.sending;

import dev.postcard.bounces.intake.BounceIntake;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Turns what a transport answered into the step stored on the recipient's row (DESIGN §5's events). */
final class StepResults {
    static final String RETRIES_EXHAUSTED = "retries_exhausted";
    private static final Duration SHORTEST_WAIT = Duration.ofSeconds(1);

    private final SendSettings settings;

    StepResults(SendSettings settings) {
        this.settings = settings;
    }

    /**
     * @param attempts hand-overs made so far, this one included
     */
    StepResult of(TransportResult result, OutgoingMessage message, int attempts, Instant at) {
        return switch (result) {
            // A relay gives no id of its own: the Message-ID is what bounce mail names, under the bounce intake's
            // provider name, so a returned message finds its record.
            case TransportResult.Accepted a -> new StepResult(SendStatus.SENT, Outcome.SENT,
                    Optional.of(a.providerMessageId().isPresent() ? a.transport() : BounceIntake.PROVIDER),
                    Optional.of(a.transport()), Optional.of(a.response()),
                    Optional.of(a.providerMessageId().orElse(message.messageId())), Optional.empty(), at,
                    Optional.empty());
            case TransportResult.RecipientRejected r -> new StepResult(SendStatus.BOUNCED, Outcome.BOUNCED,
                    Optional.empty(), Optional.of(r.transport()), Optional.of(r.response()), Optional.empty(),
                    Optional.of(r.response()), at, Optional.empty());
            case TransportResult.PermanentFailure p -> StepResult.failed(p.reason(), Optional.of(p.transport()),
                    p.response(), at);
            case TransportResult.TemporaryFailure t -> retry(t, attempts, at);
        };
    }

    private StepResult retry(TransportResult.TemporaryFailure failure, int attempts, Instant at) {
        Optional<Duration> scheduled = settings.delayAfter(attempts);
        if (scheduled.isEmpty()) {
            return StepResult.failed(RETRIES_EXHAUSTED, Optional.of(failure.transport()), failure.response(), at);
        }
        // Never sooner than the schedule, nor than the relay asked, nor later than the schedule's longest wait.
        Duration asked = failure.retryAfter().map(d -> clamp(d, SHORTEST_WAIT, settings.longestDelay()))
                .orElse(Duration.ZERO);
        Duration wait = asked.compareTo(scheduled.get()) > 0 ? asked : scheduled.get();
        return new StepResult(SendStatus.QUEUED, Outcome.DELAYED, Optional.of("temporary_failure"),
                Optional.of(failure.transport()), Optional.of(failure.response()), Optional.empty(),
                Optional.of(failure.response()), at, Optional.of(at.plus(wait)));
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
    }
}
