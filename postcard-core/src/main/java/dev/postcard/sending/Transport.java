package dev.postcard.sending;

/**
 * Hands one message to a relay or a provider's API. One call is one message with one envelope recipient: every
 * recipient of a send gets its own copy, so tracking and results are per recipient. Implementations are safe
 * for concurrent use; the send queue bounds how many calls run at once and how often they start.
 */
public interface Transport extends AutoCloseable {
    /**
     * The name events carry in {@code data.transport}: the kind ({@code smtp}, {@code resend}, ...), or the name the
     * settings give it ({@link ConfiguredTransport}).
     */
    String name();

    /**
     * Hands the message over. Never throws for what the relay answers or for a network failure: those are
     * {@link TransportResult}s; an exception means a defect of the caller's message.
     */
    TransportResult send(OutgoingMessage message);

    /**
     * The longest one {@link #send} can take before it gives up on its own (its timeouts added up). The send queue
     * holds a claimed copy this long, plus a margin, before another engine may take it: long enough never to take
     * a copy from an engine that is still handing it over, short enough that a crashed engine's copies go out soon.
     */
    default java.time.Duration longestHandOver() {
        return java.time.Duration.ofMinutes(2);
    }

    /**
     * The longest the last of {@code handOvers} started at once may wait for a turn at this transport's own rate
     * ({@code ?rate=}), before its own hand-over; none for a transport without a rate of its own.
     */
    default java.time.Duration longestWait(int handOvers) {
        return java.time.Duration.ZERO;
    }

    /** Releases pooled connections. */
    @Override
    void close();
}
