package dev.postcard.verify;

/**
 * The headers were readable, but no signature in them was made with a configured secret over this id,
 * timestamp and body: a forged or altered request, the wrong secret, or a body that was changed on the way
 * in (parsed and re-serialised, re-encoded, trimmed).
 */
public final class NoMatchingSignatureException extends WebhookVerificationException {

    NoMatchingSignatureException(String message) {
        super(message);
    }
}
