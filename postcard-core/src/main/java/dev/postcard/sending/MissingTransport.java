package dev.postcard.sending;

import java.time.Duration;
import java.util.Optional;

/**
 * A transport a tenant chose that this engine does not have (the settings changed after the choice was stored).
 * Its copies are not sent through any other transport the tenant did not choose: they fail as if it were down, so
 * failover moves on to the tenant's next choice, and with none left the copy waits for the settings to come back.
 */
record MissingTransport(String name) implements Transport {
    @Override
    public TransportResult send(OutgoingMessage message) {
        return new TransportResult.TemporaryFailure(name, "transport '" + name + "' is not configured on this"
                + " engine; the tenant's send_transports names it", Optional.empty(), true);
    }

    @Override
    public Duration longestHandOver() {
        return Duration.ZERO;
    }

    @Override
    public void close() {
        // Nothing was opened.
    }
}
