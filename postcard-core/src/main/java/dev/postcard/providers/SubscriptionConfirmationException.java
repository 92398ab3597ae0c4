package dev.postcard.providers;

import dev.postcard.PostcardException;

/** A verified subscription request that Postcard could not confirm (the provider's URL did not answer). */
public final class SubscriptionConfirmationException extends PostcardException {
    public SubscriptionConfirmationException(String message, Throwable cause) {
        super(message, cause);
    }
}
