package dev.postcard.http;

import dev.postcard.sending.OutgoingMessage;
import dev.postcard.sending.Transport;
import dev.postcard.sending.TransportResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A transport that accepts every message and keeps it, for routes that send. */
final class RelayDouble implements Transport {
    private final List<OutgoingMessage> received = new ArrayList<>();

    @Override
    public String name() {
        return "relay-double";
    }

    @Override
    public synchronized TransportResult send(OutgoingMessage message) {
        received.add(message);
        return new TransportResult.Accepted(name(), "250 2.0.0 Ok", Optional.empty());
    }

    synchronized List<OutgoingMessage> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
    }
}
