package dev.postcard.delivery;

import java.util.Objects;
import java.util.Optional;

/**
 * What follows one attempt: where the delivery goes next ({@link DeliveryOutcome}: succeeded, due again at
 * a time, or failed for good and replayable), and whether the endpoint is to be disabled, with the reason
 * shown to users.
 */
record DeliveryDecision(DeliveryOutcome outcome, Optional<String> disableEndpoint) {

    public DeliveryDecision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(disableEndpoint, "disableEndpoint");
    }
}
