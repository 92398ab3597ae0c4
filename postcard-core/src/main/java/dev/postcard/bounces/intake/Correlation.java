package dev.postcard.bounces.intake;

import dev.postcard.event.Message;
import java.util.Optional;

/**
 * The message a bounce is about, and how it was found.
 *
 * @param message the message, empty when nothing tied the bounce to one
 * @param by      how: {@link By#VERP}, {@link By#EMAIL_ID_HEADER}, {@link By#MESSAGE_ID} or {@link By#NONE}
 */
record Correlation(Optional<Message> message, By by) {

    /** The ways, in the order they are tried. */
    public enum By {
        /** The return path the bounce was addressed to: {@code bounce+msg_...@bounce domain}. */
        VERP,
        /** Postcard's {@code X-Postcard-Email-Id} header in the returned original. */
        EMAIL_ID_HEADER,
        /** The returned original's Message-ID, as the {@code smtp} provider's message id. */
        MESSAGE_ID,
        NONE
    }

    static final Correlation NONE = new Correlation(Optional.empty(), By.NONE);
}
