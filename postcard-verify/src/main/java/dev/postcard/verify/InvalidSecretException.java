package dev.postcard.verify;

/**
 * A secret given to {@link WebhookVerifier} or {@link WebhookSigner} cannot be used. Thrown when the verifier
 * or signer is made, not per request. The message says which secret (by position) and why, never the secret.
 */
public final class InvalidSecretException extends WebhookVerificationException {

    InvalidSecretException(String message) {
        super(message);
    }

    InvalidSecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
