package dev.postcard.alerts;

import dev.postcard.InvalidInputException;
import java.time.Duration;
import java.util.Objects;

/**
 * When {@code alert.triggered} fires: the bounce rate (bounced / sent) or the complaint rate (complained /
 * delivered) over the last {@code window} reaches its threshold while the rate's denominator is at least
 * {@code minimumVolume}. Rates are fractions: 0.05 is 5 %.
 */
public record AlertThresholds(double bounceRate, double complaintRate, Duration window, long minimumVolume) {
    /** Declared before DEFAULT, whose construction reads it. The window is whole minutes, as the counters. */
    static final Duration MAX_WINDOW = Duration.ofDays(7);

    /** Bounce 5 %, complaint 0.1 %, over one hour, at least 100 sent (or delivered). */
    public static final AlertThresholds DEFAULT = new AlertThresholds(0.05, 0.001, Duration.ofHours(1), 100);

    public AlertThresholds {
        checkRate("bounceRate", bounceRate);
        checkRate("complaintRate", complaintRate);
        Objects.requireNonNull(window, "window");
        if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(MAX_WINDOW) > 0
                || window.toMillis() % 60_000 != 0) {
            throw new InvalidInputException("window", "the alert window must be whole minutes, from 1m to 7d");
        }
        if (minimumVolume < 1) {
            throw new InvalidInputException("minimumVolume", "the minimum volume must be at least 1");
        }
    }

    public double threshold(AlertKind kind) {
        return kind == AlertKind.BOUNCE_RATE ? bounceRate : complaintRate;
    }

    long windowMinutes() {
        return window.toMinutes();
    }

    private static void checkRate(String field, double rate) {
        // A threshold of 0 would fire on the first volume reached with no bounce at all.
        if (!(rate > 0 && rate <= 1)) {
            throw new InvalidInputException(field, field + " must be a fraction above 0 and at most 1 (0.05 is 5 %)");
        }
    }
}
