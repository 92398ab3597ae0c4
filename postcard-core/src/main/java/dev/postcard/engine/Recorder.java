package dev.postcard.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.AppendResult;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.event.Message;
import dev.postcard.event.StoredEvent;
import dev.postcard.storage.Store;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one path by which events enter the log: enrich from the message record, append durably (group
 * commit), then hand the new ones to in-process listeners.
 */
public final class Recorder {
    private static final Logger LOG = Logger.getLogger(Recorder.class.getName());
    private final Store store;
    private final RecentMessages messages;
    private final ListenerRegistry listeners;
    private final List<BiConsumer<String, List<StoredEvent>>> afterCommit = new CopyOnWriteArrayList<>();
    /** Newly stored events by type since start, for metrics: counted here, not by a listener, to stay off the queue. */
    private final Map<EventType, LongAdder> stored = new EnumMap<>(EventType.class);

    public Recorder(Store store, RecentMessages messages, ListenerRegistry listeners) {
        this.store = store;
        this.messages = messages;
        this.listeners = listeners;
        for (EventType type : EventType.values()) {
            stored.put(type, new LongAdder());
        }
    }

    public List<AppendResult> record(String tenantId, List<Event> events) {
        return record(tenantId, events, false);
    }

    /**
     * Records background work that may be large, in chunks (see {@link Store#appendBulk}): requests' events never
     * wait for more than one chunk.
     */
    public List<AppendResult> recordBulk(String tenantId, List<Event> events) {
        return record(tenantId, events, true);
    }

    private List<AppendResult> record(String tenantId, List<Event> events, boolean bulk) {
        Map<String, Message> known = preload(tenantId, events);
        List<Event> enriched = new ArrayList<>(events.size());
        for (Event event : events) {
            enriched.add(enrich(event, known));
        }
        List<AppendResult> results = bulk ? store.appendBulk(tenantId, enriched) : store.append(tenantId, enriched);
        List<StoredEvent> fresh = new ArrayList<>(results.size());
        for (AppendResult result : results) {
            if (!result.duplicate()) {
                fresh.add(result.stored());
                stored.get(result.stored().event().type()).increment();
            }
        }
        if (!fresh.isEmpty()) {
            afterCommit.forEach(hook -> runAfterCommit(hook, tenantId, fresh));
        }
        listeners.publish(fresh);
        return results;
    }

    /**
     * The events are durable whatever a hook meets (the database gone right after the commit, say): a failure here
     * must not reach the caller, who would hear that nothing was stored and send the events again.
     */
    private static void runAfterCommit(BiConsumer<String, List<StoredEvent>> hook, String tenantId,
            List<StoredEvent> fresh) {
        try {
            hook.accept(tenantId, fresh);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a step after the commit failed; the events are stored: " + e);
        }
    }

    public AppendResult record(String tenantId, Event event) {
        return record(tenantId, List.of(event)).getFirst();
    }

    /**
     * Runs {@code hook} on the recording thread right after each commit that stored new events: for engine
     * parts that must react at once (waking the delivery worker), so it must be quick. A hook that throws is
     * logged, and the caller still hears that its events are stored.
     */
    public void afterCommit(BiConsumer<String, List<StoredEvent>> hook) {
        afterCommit.add(hook);
    }

    /** How many events of this type this engine has newly stored since it started. */
    public long storedCount(EventType type) {
        return stored.get(type).sum();
    }

    /** The tenant's message with this id, through the cache; another tenant's message is not found. */
    public Optional<Message> message(String tenantId, String emailId) {
        return messages.get(tenantId, emailId, store::findMessage);
    }

    /**
     * Fills the type's own time field ({@code opened_at}, ...) and what the message record knows and the event
     * left out, so every event reads on its own. One copy of the data: this runs for every event.
     */
    private Event enrich(Event event, Map<String, Message> known) {
        Optional<String> timeField = event.type().timestampField().filter(f -> event.text(f).isEmpty());
        Optional<Message> found = event.type().isEmailEvent() ? event.emailId().map(known::get) : Optional.empty();
        if (timeField.isEmpty() && found.isEmpty()) {
            return event;
        }
        ObjectNode data = event.data();
        timeField.ifPresent(f -> data.put(f, EventCodec.formatInstant(event.createdAt())));
        if (found.isEmpty()) {
            return new Event(event.id(), event.type(), event.createdAt(), data);
        }
        Message message = found.get();
        ObjectNode out = data.objectNode();
        out.put("email_id", message.id());
        putIfAbsent(out, data, "to", message.to());
        putIfAbsent(out, data, "from", message.from());
        putIfAbsent(out, data, "subject", message.subject());
        if (!data.has("tags") && !message.tags().isEmpty()) {
            ArrayNode tags = out.putArray("tags");
            message.tags().forEach(tags::add);
        }
        if (!data.has("metadata") && !message.metadata().isEmpty()) {
            out.set("metadata", message.metadata());
        }
        // The event's own fields follow, in the order it gave them, and win over the record's.
        data.properties().forEach(e -> out.set(e.getKey(), e.getValue()));
        return new Event(event.id(), event.type(), event.createdAt(), out);
    }

    /**
     * The tenant's message records the events name, by id, from the cache or in one query for the rest: a batch
     * of provider events about a thousand messages costs one round trip, not a thousand.
     */
    private Map<String, Message> preload(String tenantId, List<Event> events) {
        Map<String, Message> known = new HashMap<>();
        Set<String> missing = new HashSet<>();
        for (Event event : events) {
            if (event.type().isEmailEvent()) {
                event.emailId().filter(id -> !known.containsKey(id) && !missing.contains(id)).ifPresent(id ->
                        messages.cached(tenantId, id).ifPresentOrElse(m -> known.put(id, m), () -> missing.add(id)));
            }
        }
        if (!missing.isEmpty()) {
            for (Message message : store.findMessages(tenantId, missing)) {
                messages.put(message);
                known.put(message.id(), message);
            }
        }
        return known;
    }

    private static void putIfAbsent(ObjectNode out, ObjectNode data, String field, Optional<String> value) {
        if (!data.has(field) && value.isPresent()) {
            out.put(field, value.get());
        }
    }
}
