package dev.postcard.sending;

/**
 * Hands one message to a relay or a provider's API. One call is one message with one envelope recipient: every
 * recipient of a send gets its own copy, so tracking and results are per recipient. Implementations are safe
 * for concurrent use; the send queue bounds how many calls run at once and how often they start.
 */
public interface Transport extends AutoCloseable {
    /** The name events carry in {@code data.transport}: {@code smtp}, {@code resend}, ... */
    String name();

    /**
     * Hands the message over. Never throws for what the relay answers or for a network failure: those are
     * {@link TransportResult}s; an exception means a defect of the caller's message.
     */
    TransportResult send(OutgoingMessage message);

    /** Releases pooled connections. */
    @Override
    void close();
}
