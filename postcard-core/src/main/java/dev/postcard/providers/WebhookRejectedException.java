package dev.postcard.providers;

import dev.postcard.PostcardException;

/**
 * A provider webhook whose signature, credentials or timestamp do not check out: answered {@code 401}, and
 * nothing from it is stored. The message says what failed, never the expected secret or signature.
 */
public final class WebhookRejectedException extends PostcardException {
    public WebhookRejectedException(String message) {
        super(message);
    }
}
