package dev.postcard.sending.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.sending.TransportResult;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The rules every API transport shares for turning an HTTP answer into a {@link TransportResult}; each transport
 * adds what its provider says beyond the status (Postmark's error codes, Resend's idempotency answers, ...).
 */
final class Outcomes {
    static final String UNREACHABLE = FailoverTransport.UNREACHABLE;
    static final String AUTHENTICATION_FAILED = "authentication_failed";
    static final String REJECTED = "rejected";
    /** The longest {@code Retry-After} honoured; a longer one is the retry schedule's business. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(12);

    private Outcomes() {
    }

    static TransportResult.TemporaryFailure unreachable(String transport, Reply.Unreachable reply) {
        return new TransportResult.TemporaryFailure(transport, clip(reply.problem()), Optional.empty(), true);
    }

    /**
     * A non-2xx answer by its status alone: 429 and 5xx are temporary (honouring {@code Retry-After}), 401 and
     * 403 fail for good as {@value #AUTHENTICATION_FAILED}, anything else fails for good as {@value #REJECTED}.
     */
    static TransportResult refused(String transport, Reply.Answered answer, Clock clock) {
        int status = answer.status();
        if (status == 429 || status >= 500) {
            return new TransportResult.TemporaryFailure(transport, answer.text(), retryAfter(answer, clock), status >= 500);
        }
        if (status == 401 || status == 403) {
            return new TransportResult.PermanentFailure(transport, answer.text(), AUTHENTICATION_FAILED);
        }
        return new TransportResult.PermanentFailure(transport, answer.text(), REJECTED);
    }

    /** {@code Retry-After} as seconds or as an HTTP date; absent, unreadable or in the past → empty. */
    static Optional<Duration> retryAfter(Reply.Answered answer, Clock clock) {
        String value = answer.headers().get("Retry-After");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                wait = Duration.between(clock.instant(), at.toInstant());
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
        if (wait.isNegative() || wait.isZero()) {
            return Optional.empty();
        }
        return Optional.of(wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait);
    }

    /** The body as JSON, or empty when it is not JSON (or was cut at the excerpt limit). */
    static Optional<JsonNode> json(Reply.Answered answer) {
        try {
            JsonNode node = ApiClient.JSON.readTree(answer.body());
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** A non-blank text field of the JSON body. */
    static Optional<String> text(Reply.Answered answer, String field) {
        return json(answer).map(node -> node.get(field))
                .filter(JsonNode::isTextual).map(JsonNode::asText).filter(s -> !s.isBlank());
    }

    static String clip(String text) {
        return text.length() <= ApiClient.EXCERPT_LIMIT ? text : text.substring(0, ApiClient.EXCERPT_LIMIT);
    }
}
