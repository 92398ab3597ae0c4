package dev.postcard.delivery;

import java.time.Instant;
import java.util.Optional;

/**
 * What follows one attempt: the delivery succeeded, is tried again at {@code nextAttemptAt}, or has failed
 * for good (it stays replayable); and whether the endpoint is to be disabled, with the reason shown to users.
 */
public record DeliveryDecision(Fate fate, Optional<Instant> nextAttemptAt, Optional<String> disableEndpoint) {

    public enum Fate { SUCCEEDED, RETRY, FAILED }

    public DeliveryDecision {
        if ((fate == Fate.RETRY) != nextAttemptAt.isPresent()) {
            throw new IllegalArgumentException("a retry, and only a retry, has a next attempt time");
        }
    }

    static DeliveryDecision succeeded() {
        return new DeliveryDecision(Fate.SUCCEEDED, Optional.empty(), Optional.empty());
    }
}
