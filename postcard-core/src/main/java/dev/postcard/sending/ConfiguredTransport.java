package dev.postcard.sending;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A transport as the settings configure it: under its own name (what events carry in {@code data.transport} and
 * tenants choose by) and, with {@code ?rate=}, paced to at most that many hand-overs started per second on this
 * engine. The engine-wide rate applies on top, in the send worker.
 */
public final class ConfiguredTransport implements Transport {
    private final String name;
    private final Transport transport;
    private final Optional<TokenBucket> pace;

    /** {@code transport} under {@code name}, paced to {@code rate} hand-overs per second when one is given. */
    public ConfiguredTransport(String name, Transport transport, OptionalInt rate) {
        this(name, transport, rate.isPresent() ? Optional.of(new TokenBucket(rate.getAsInt())) : Optional.empty());
    }

    ConfiguredTransport(String name, Transport transport, Optional<TokenBucket> pace) {
        if (!TransportSetting.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a transport name is 1 to 64 letters, digits, - or _");
        }
        this.name = name;
        this.transport = Objects.requireNonNull(transport, "transport");
        this.pace = pace;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Duration longestHandOver() {
        return transport.longestHandOver();
    }

    @Override
    public Duration longestWait(int handOvers) {
        return pace.map(bucket -> bucket.longestWait(handOvers)).orElse(Duration.ZERO)
                .plus(transport.longestWait(handOvers));
    }

    /**
     * Waits for this transport's turn, hands the message over and names this transport in the result.
     *
     * @throws Interrupted when the engine stops during the wait: nothing was handed over
     */
    @Override
    public TransportResult send(OutgoingMessage message) {
        if (pace.isPresent()) {
            try {
                pace.get().take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Interrupted();
            }
        }
        return named(transport.send(message));
    }

    private TransportResult named(TransportResult result) {
        return switch (result) {
            case TransportResult.Accepted a -> new TransportResult.Accepted(name, a.response(), a.providerMessageId());
            case TransportResult.RecipientRejected r -> new TransportResult.RecipientRejected(name, r.response());
            case TransportResult.TemporaryFailure t -> new TransportResult.TemporaryFailure(name, t.response(),
                    t.retryAfter(), t.transportDown());
            case TransportResult.PermanentFailure p -> new TransportResult.PermanentFailure(name, p.response(),
                    p.reason());
        };
    }

    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "ConfiguredTransport[" + name + "]";
    }

    /** The engine stopped while a hand-over waited for its turn: the copy was not handed over. */
    public static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("stopped while waiting for the transport's rate", null, false, false);
        }
    }
}
