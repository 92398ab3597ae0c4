package dev.postcard.sending;

import java.util.Optional;

/** What became of one hand-over; the send queue turns each into the events of DESIGN §5. */
public sealed interface TransportResult {
    /** The transport that answered ({@link Transport#name()}): with failover, the one that was reached last. */
    String transport();

    /** The text the relay or API answered, as received (first 1 KiB), for {@code data.smtp_response}. */
    String response();

    /**
     * Taken: SMTP {@code 250} after {@code DATA}, or an API's 2xx. {@code providerMessageId} is the id the
     * provider gave (API transports), which its webhooks will name. → {@code email.sent}.
     */
    record Accepted(String transport, String response, Optional<String> providerMessageId) implements TransportResult {
    }

    /**
     * The recipient refused for good: SMTP 5xx at {@code RCPT TO}, or an API saying the address cannot receive.
     * → {@code email.bounced}, classified from {@code response} by the bounce reason rules.
     */
    record RecipientRejected(String transport, String response) implements TransportResult {
    }

    /**
     * Not taken this time: SMTP 4xx, a connection or TLS failure, a timeout, an API's 429 or 5xx. Retried with
     * backoff; {@code retryAfter} when the other side named a wait. → {@code email.delivery_delayed}.
     *
     * @param transportDown true when the failure is the transport's as a whole, not this message's: it could not be
     *                      reached (connection, TLS, timeout), answered an HTTP 5xx, or SMTP {@code 421} closed the
     *                      channel; another transport may take the message ({@code FailoverTransport})
     */
    record TemporaryFailure(String transport, String response, Optional<java.time.Duration> retryAfter,
                            boolean transportDown) implements TransportResult {
        /** A failure about this message (an SMTP 4xx for its recipient, an API's 429). */
        public TemporaryFailure(String transport, String response, Optional<java.time.Duration> retryAfter) {
            this(transport, response, retryAfter, false);
        }
    }

    /**
     * The message refused for good: SMTP 5xx at {@code MAIL FROM} or {@code DATA}, an API's 4xx other than 429,
     * failed authentication. → {@code email.failed} with {@code reason}.
     */
    record PermanentFailure(String transport, String response, String reason) implements TransportResult {
    }
}
