package dev.postcard.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One logged attempt of a delivery. {@code seq} orders the attempts; 0 for an attempt not stored yet.
 * {@code statusCode} is absent when no response came (then {@code errorClass} and {@code error} say why);
 * {@code responseExcerpt} holds at most the first {@link #MAX_EXCERPT_BYTES} bytes of the response body.
 */
public record DeliveryAttempt(
        long seq,
        String deliveryId,
        String tenantId,
        String webhookId,
        Instant attemptedAt,
        OptionalInt statusCode,
        Duration latency,
        Optional<String> responseExcerpt,
        Optional<String> errorClass,
        Optional<String> error) {

    public static final int MAX_EXCERPT_BYTES = 1024;

    public DeliveryAttempt {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(webhookId, "webhookId");
        attemptedAt = attemptedAt.truncatedTo(ChronoUnit.MILLIS); // stored as epoch milliseconds
        Objects.requireNonNull(statusCode, "statusCode");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(error, "error");
        responseExcerpt = Objects.requireNonNull(responseExcerpt, "responseExcerpt").map(DeliveryAttempt::excerpt);
    }

    /** The longest prefix of {@code body} that fits {@link #MAX_EXCERPT_BYTES} in UTF-8, never splitting a character. */
    public static String excerpt(String body) {
        int bytes = 0;
        int end = 0;
        while (end < body.length()) {
            int codePoint = body.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > MAX_EXCERPT_BYTES) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return body.substring(0, end);
    }
}
