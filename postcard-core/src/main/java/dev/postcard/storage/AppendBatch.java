package dev.postcard.storage;

import dev.postcard.event.AppendResult;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One caller's events waiting for group commit, their envelopes, and the future the caller blocks on. The
 * envelopes are written by the caller's thread: the writer thread is the one that cannot be parallelised.
 */
record AppendBatch(String tenantId, List<Event> events, List<String> envelopes,
                   CompletableFuture<List<AppendResult>> result) {
    AppendBatch {
        events = List.copyOf(events);
        envelopes = List.copyOf(envelopes);
        if (envelopes.size() != events.size()) {
            throw new IllegalArgumentException("one envelope per event");
        }
    }

    static AppendBatch of(String tenantId, List<Event> events) {
        List<String> envelopes = new ArrayList<>(events.size());
        for (Event event : events) {
            envelopes.add(EventCodec.toJson(event));
        }
        return new AppendBatch(tenantId, events, envelopes, new CompletableFuture<>());
    }
}
