package dev.postcard.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one webhook attempt came to. Only {@link Delivered} is a success (DESIGN.md §6): a redirect is a
 * {@link Rejected} like any other non-2xx status, since redirects are not followed.
 *
 * <p>Latency runs from the start of the attempt (before the host is resolved) to the end of the response
 * excerpt, or to the failure. Excerpts are the first {@value WebhookSender#EXCERPT_LIMIT} bytes of the response
 * body at most, decoded as UTF-8.
 */
public sealed interface AttemptOutcome {

    Duration latency();

    /** The receiver answered 2xx within the timeout. */
    record Delivered(int status, Duration latency, String excerpt) implements AttemptOutcome {
        public Delivered {
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(excerpt, "excerpt");
        }
    }

    /**
     * The receiver answered with a status outside 2xx.
     *
     * @param retryAfter the {@code Retry-After} of a 429 or 503, as a delay from the response; empty for other
     *                   statuses and when the header is missing or unreadable. Not clamped: the schedule does that
     */
    record Rejected(int status, Duration latency, String excerpt, Optional<Duration> retryAfter)
            implements AttemptOutcome {
        public Rejected {
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(excerpt, "excerpt");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        /** {@code 410 Gone}: the receiver asks for the endpoint to be disabled. */
        public boolean gone() {
            return status == 410;
        }
    }

    /** No HTTP response. The message says what went wrong and never contains a secret or signature. */
    record Failed(ErrorClass errorClass, String message, Duration latency) implements AttemptOutcome {
        public Failed {
            Objects.requireNonNull(errorClass, "errorClass");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(latency, "latency");
        }
    }
}
