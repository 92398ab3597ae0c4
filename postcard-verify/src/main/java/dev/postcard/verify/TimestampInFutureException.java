package dev.postcard.verify;

import java.time.Duration;

/**
 * {@code webhook-timestamp} lies further in the future than the tolerance allows. Almost always a clock that is
 * off on one side; accepting it would let a captured request be replayed until that future time arrives.
 */
public final class TimestampInFutureException extends WebhookVerificationException {
    private final Duration ahead;
    private final Duration tolerance;

    TimestampInFutureException(Duration ahead, Duration tolerance) {
        super("header " + SignatureHeaders.TIMESTAMP + " is " + ahead.toSeconds() + " s in the future, "
                + ahead.minus(tolerance).toSeconds() + " s more than the tolerance of " + tolerance.toSeconds()
                + " s allows (is the sender's or this machine's clock off?)");
        this.ahead = ahead;
        this.tolerance = tolerance;
    }

    /** How far after this receiver's clock the request was stamped. */
    public Duration ahead() {
        return ahead;
    }

    /** The tolerance the verifier applied. */
    public Duration tolerance() {
        return tolerance;
    }
}
