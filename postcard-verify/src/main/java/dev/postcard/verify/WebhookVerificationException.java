package dev.postcard.verify;

/**
 * Why a webhook was not accepted. The subclasses are the complete list of reasons, so a receiver can map
 * each one to a response (or a log line) with an exhaustive {@code switch}.
 *
 * <p>Messages name the header and say what was wrong with it; they never contain a secret or the signature
 * this library expected, so they are safe to log and to return to the sender.
 */
public abstract sealed class WebhookVerificationException extends RuntimeException
        permits MissingHeaderException, MalformedHeaderException, TimestampTooOldException,
                TimestampInFutureException, NoMatchingSignatureException, InvalidSecretException {

    WebhookVerificationException(String message) {
        super(message);
    }

    WebhookVerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
