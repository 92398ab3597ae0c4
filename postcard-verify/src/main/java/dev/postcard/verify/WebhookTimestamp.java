package dev.postcard.verify;

import java.time.Clock;
import java.time.Duration;

/** Reading and checking {@code webhook-timestamp}: whole unix seconds, close enough to this machine's clock. */
final class WebhookTimestamp {
    private static final int MAX_DIGITS = 18; // well past any real clock, and far from overflowing a long

    private WebhookTimestamp() {
    }

    /**
     * Plain decimal digits only. {@code Long.parseLong} would also take {@code +1614265330} or leading zeros,
     * but the MAC is over the number as Postcard writes it, so such spellings could never verify; saying so
     * is clearer than a signature mismatch.
     */
    static long parse(String value) {
        boolean digits = value.chars().allMatch(c -> c >= '0' && c <= '9');
        boolean canonical = value.length() == 1 || (value.length() <= MAX_DIGITS && value.charAt(0) != '0');
        if (value.isEmpty() || !digits || !canonical) {
            throw new MalformedHeaderException(SignatureHeaders.TIMESTAMP,
                    "expected unix seconds as decimal digits, got " + describe(value));
        }
        return Long.parseLong(value);
    }

    /** Accepts a timestamp at most {@code tolerance} before or after the clock; both limits are inclusive. */
    static void check(long timestamp, Clock clock, Duration tolerance) {
        long now = clock.instant().getEpochSecond();
        long limit = tolerance.getSeconds();
        if (now - timestamp > limit) {
            throw new TimestampTooOldException(Duration.ofSeconds(now - timestamp), tolerance);
        }
        if (timestamp - now > limit) {
            throw new TimestampInFutureException(Duration.ofSeconds(timestamp - now), tolerance);
        }
    }

    // The value came from the network: quote it only when it is short and printable.
    private static String describe(String value) {
        boolean printable = value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        return printable && value.length() <= 24 ? "\"" + value + "\"" : value.length() + " characters";
    }
}
