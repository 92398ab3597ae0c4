package dev.postcard.sending.api;

import dev.postcard.sending.OutgoingMessage;
import dev.postcard.sending.Transport;
import dev.postcard.sending.TransportResult;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Several transports tried in order for each message: the next one is tried only when the one before could not
 * be reached or failed as a whole ({@link TransportResult.TemporaryFailure#transportDown()}: the connection
 * failed or timed out, an HTTP 5xx, SMTP {@code 421} closing the channel). An accepted
 * message, a rejected recipient, a permanent failure or any other temporary failure (HTTP 429, an SMTP 4xx for
 * one recipient) is the answer: moving on after those would send a message twice or hide a real refusal. The
 * result is the last transport's, and names it. A timeout after the request went out may mean the first provider
 * took the message after all: that case can deliver one message twice, which is the price of failing over at all.
 */
public final class FailoverTransport implements Transport {
    /** How the text of a temporary failure starts when the other side could not be reached at all. */
    public static final String UNREACHABLE = "unreachable:";

    private final List<Transport> transports;
    private final String name;

    /** Tries {@code transports} in this order; at least one. */
    public FailoverTransport(List<Transport> transports) {
        if (transports.isEmpty()) {
            throw new IllegalArgumentException("failover needs at least one transport");
        }
        this.transports = List.copyOf(transports);
        this.name = this.transports.stream().map(Transport::name).collect(Collectors.joining(","));
    }

    /** The names in order, {@code "ses,resend"}; each result names the one transport that answered. */
    @Override
    public String name() {
        return name;
    }

    public List<Transport> transports() {
        return transports;
    }

    /** Every transport may be tried in turn for one message. */
    @Override
    public java.time.Duration longestHandOver() {
        return transports.stream().map(Transport::longestHandOver).reduce(java.time.Duration.ZERO,
                java.time.Duration::plus);
    }

    /** A message may wait for its turn at each transport it is tried on. */
    @Override
    public java.time.Duration longestWait(int handOvers) {
        return transports.stream().map(t -> t.longestWait(handOvers)).reduce(java.time.Duration.ZERO,
                java.time.Duration::plus);
    }

    @Override
    public TransportResult send(OutgoingMessage message) {
        TransportResult result = null;
        for (Transport transport : transports) {
            result = transport.send(message);
            if (!(result instanceof TransportResult.TemporaryFailure failure) || !movesOn(failure)) {
                return result;
            }
        }
        return result;
    }

    /** Whether {@code failure} is about the transport rather than this message, so another may take it. */
    static boolean movesOn(TransportResult.TemporaryFailure failure) {
        return failure.transportDown();
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (Transport transport : transports) {
            try {
                transport.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "FailoverTransport" + transports;
    }
}
