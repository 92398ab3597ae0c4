package dev.postcard.engine;

import dev.postcard.Page;
import dev.postcard.event.AppendResult;
import dev.postcard.event.Event;
import dev.postcard.event.EventQuery;
import dev.postcard.event.StoredEvent;
import dev.postcard.storage.Store;
import java.util.List;
import java.util.Optional;

/** The event log as a tenant sees it: record events, read them back, follow new ones. */
public final class Events {
    private final Store store;
    private final Recorder recorder;
    private final EventFeed feed;

    public Events(Store store, Recorder recorder, EventFeed feed) {
        this.store = store;
        this.recorder = recorder;
        this.feed = feed;
    }

    /** Records events from any source: durable when this returns; duplicates (same id) are reported, not stored. */
    public List<AppendResult> record(String tenantId, List<Event> events) {
        return recorder.record(tenantId, events);
    }

    public Optional<StoredEvent> find(String tenantId, String eventId) {
        return store.findEvent(tenantId, eventId);
    }

    /** One page of the tenant's events that pass the query's filters ({@code GET /v1/events}). */
    public Page<StoredEvent> list(String tenantId, EventQuery query) {
        return store.listEvents(tenantId, query);
    }

    /** Live readers of the log (the event stream of the HTTP API). */
    public EventFeed feed() {
        return feed;
    }
}
