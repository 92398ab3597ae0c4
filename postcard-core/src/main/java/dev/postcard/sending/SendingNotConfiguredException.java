package dev.postcard.sending;

import dev.postcard.PostcardException;

/** A send asked of an engine that has no transport to hand messages to. */
public final class SendingNotConfiguredException extends PostcardException {
    public SendingNotConfiguredException() {
        super("sending is not configured: set POSTCARD_SMTP_URL or POSTCARD_SEND_TRANSPORTS");
    }
}
