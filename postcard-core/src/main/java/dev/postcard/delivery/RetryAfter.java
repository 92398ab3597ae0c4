package dev.postcard.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads a {@code Retry-After} value (RFC 9110 §10.2.3): delay seconds, or an HTTP-date. */
final class RetryAfter {
    private static final int MAX_DIGITS = 12; // about 31,000 years; more is noise, not a request

    private RetryAfter() {
    }

    /**
     * The delay the value asks for, measured from {@code now}; a date in the past is a delay of zero. Empty
     * when the value is neither form.
     */
    static Optional<Duration> parse(String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        String text = value.strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return text.length() > MAX_DIGITS ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        try {
            // RFC 1123 is the IMF-fixdate senders must use; the obsolete RFC 850 and asctime forms are not read.
            Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration delay = Duration.between(now, at);
            return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
