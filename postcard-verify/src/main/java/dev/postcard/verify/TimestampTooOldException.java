package dev.postcard.verify;

import java.time.Duration;

/**
 * {@code webhook-timestamp} lies further in the past than the tolerance allows: a replayed request, a request
 * held up on the way, or a receiver whose clock runs fast. Postcard stamps every attempt afresh, so a genuine
 * retry is never refused for its age.
 */
public final class TimestampTooOldException extends WebhookVerificationException {
    private final Duration age;
    private final Duration tolerance;

    TimestampTooOldException(Duration age, Duration tolerance) {
        super("header " + SignatureHeaders.TIMESTAMP + " is " + age.toSeconds() + " s old, "
                + age.minus(tolerance).toSeconds() + " s more than the tolerance of " + tolerance.toSeconds()
                + " s allows (a replay, a delayed request, or a clock that is off)");
        this.age = age;
        this.tolerance = tolerance;
    }

    /** How long before this receiver's clock the request was stamped. */
    public Duration age() {
        return age;
    }

    /** The tolerance the verifier applied. */
    public Duration tolerance() {
        return tolerance;
    }
}
