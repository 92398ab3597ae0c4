package dev.postcard.storage;

import dev.postcard.event.Event;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One caller's events waiting for group commit, and the future the caller blocks on. */
record AppendBatch(String tenantId, List<Event> events, CompletableFuture<List<AppendResult>> result) {
    AppendBatch {
        events = List.copyOf(events);
    }
}
