package dev.postcard.delivery;

import java.time.Instant;
import java.util.Objects;

/** What an attempt leaves the delivery as: delivered, due again at a time, or given up. */
public sealed interface DeliveryOutcome {
    record Succeeded() implements DeliveryOutcome {
    }

    record RetryAt(Instant nextAttemptAt) implements DeliveryOutcome {
        public RetryAt {
            Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        }
    }

    record Failed() implements DeliveryOutcome {
    }

    static DeliveryOutcome succeeded() {
        return new Succeeded();
    }

    static DeliveryOutcome retryAt(Instant at) {
        return new RetryAt(at);
    }

    static DeliveryOutcome failed() {
        return new Failed();
    }
}
