package dev.postcard.sending;

import java.time.Instant;
import java.util.Optional;

/**
 * What one hand-over (or the check before it) came to, as stored on the recipient's row.
 *
 * @param reason        the drop or failure reason; for {@link Outcome#SENT} the provider that names the message
 *                      by {@code providerMessageId} ({@code smtp} for a relay: the Message-ID)
 * @param nextAttemptAt when to try again, for {@link Outcome#DELAYED}
 */
record StepResult(SendStatus status, Outcome outcome, Optional<String> reason, Optional<String> transport,
                  Optional<String> response, Optional<String> providerMessageId, Optional<String> error, Instant at,
                  Optional<Instant> nextAttemptAt) {

    static StepResult dropped(String reason, Instant at) {
        return new StepResult(SendStatus.DROPPED, Outcome.DROPPED, Optional.of(reason), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), at, Optional.empty());
    }

    static StepResult failed(String reason, Optional<String> transport, String response, Instant at) {
        return new StepResult(SendStatus.FAILED, Outcome.FAILED, Optional.of(reason), transport,
                Optional.of(response), Optional.empty(), Optional.of(response), at, Optional.empty());
    }
}
