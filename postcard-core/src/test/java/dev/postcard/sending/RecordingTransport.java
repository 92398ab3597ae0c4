package dev.postcard.sending;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A transport that keeps every message handed to it and answers each recipient from a script: the answers queued
 * for that address in order, then acceptance.
 */
final class RecordingTransport implements Transport {
    static final String NAME = "recording";

    private final List<OutgoingMessage> received = new ArrayList<>();
    private final Map<String, Deque<TransportResult>> scripts = new HashMap<>();
    private boolean closed;

    /** Answers the next hand-overs to {@code address} with these, in order. */
    synchronized RecordingTransport answer(String address, TransportResult... results) {
        scripts.computeIfAbsent(address, a -> new ArrayDeque<>()).addAll(List.of(results));
        return this;
    }

    static TransportResult temporary(String response) {
        return new TransportResult.TemporaryFailure(NAME, response, Optional.empty());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized TransportResult send(OutgoingMessage message) {
        received.add(message);
        Deque<TransportResult> script = scripts.get(message.envelopeTo());
        if (script != null && !script.isEmpty()) {
            return script.removeFirst();
        }
        return new TransportResult.Accepted(NAME, "250 2.0.0 Ok: queued as " + received.size(), Optional.empty());
    }

    synchronized List<OutgoingMessage> received() {
        return List.copyOf(received);
    }

    synchronized List<OutgoingMessage> receivedBy(String address) {
        return received.stream().filter(m -> m.envelopeTo().equals(address)).toList();
    }

    synchronized boolean closed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
