package dev.postcard.sending;

import dev.postcard.PostcardException;

/** A send asked of an engine that has no transport to hand the caller's messages to. */
public final class SendingNotConfiguredException extends PostcardException {
    public SendingNotConfiguredException() {
        this("sending is not configured: set POSTCARD_SMTP_URL or POSTCARD_SEND_TRANSPORTS");
    }

    /** Sending is configured, but not for this caller; {@code message} says why. */
    public SendingNotConfiguredException(String message) {
        super(message);
    }
}
