package dev.postcard.suppression;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.engine.BackgroundHealth;
import dev.postcard.engine.BackgroundLoop;
import dev.postcard.engine.Recorder;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Records {@code suppression.created} and {@code suppression.deleted} for decisions already committed. A
 * decision's row carries an "announced" marker (or sits in the removals table) until its event is recorded;
 * event ids derive from tenant, address and the entry's times, so a decision announced twice (a crash between
 * recording and marking, two nodes sweeping at once) is stored once. Sweeps run at start, when woken after a
 * policy decision, and every {@code period}.
 */
public final class SuppressionAnnouncer implements AutoCloseable {
    private static final String LOOP = "suppression announcements";
    private static final int BATCH = 500;

    private final JdbcSuppressionStore store;
    private final Recorder recorder;
    private final BackgroundLoop loop;
    private final BooleanSupplier stopping;

    public SuppressionAnnouncer(JdbcSuppressionStore store, Recorder recorder, Duration period,
                                BackgroundHealth health) {
        this.store = store;
        this.recorder = recorder;
        this.loop = new BackgroundLoop(LOOP, period, health, this::announcePending);
        this.stopping = loop.stopping();
    }

    /** Starts the background sweeps; the first runs at once (what a previous run left unannounced). */
    public void start() {
        loop.start();
    }

    /** Asks for a sweep soon, without waiting for it. */
    public void wake() {
        loop.wake();
    }

    /** Records every owed event now; returns how many decisions were announced. */
    public synchronized int announcePending() {
        int announced = 0;
        List<Suppression> created;
        do {
            created = store.unannounced(BATCH);
            recordByTenant(created, Suppression::tenantId, SuppressionAnnouncer::createdEvent, true);
            store.markAnnounced(created);
            announced += created.size();
        } while (created.size() == BATCH && !stopping.getAsBoolean());
        List<SuppressionRemoval> removed;
        do {
            removed = store.unannouncedRemovals(BATCH);
            recordByTenant(removed, SuppressionRemoval::tenantId, SuppressionAnnouncer::deletedEvent, true);
            store.markRemovalsAnnounced(removed);
            announced += removed.size();
        } while (removed.size() == BATCH && !stopping.getAsBoolean());
        return announced;
    }

    /** Records the creation events of these entries (a request's own decision), then marks them announced. */
    public void announceCreated(List<Suppression> entries) {
        recordByTenant(entries, Suppression::tenantId, SuppressionAnnouncer::createdEvent, false);
        store.markAnnounced(entries);
    }

    public void announceDeleted(List<SuppressionRemoval> removals) {
        recordByTenant(removals, SuppressionRemoval::tenantId, SuppressionAnnouncer::deletedEvent, false);
        store.markRemovalsAnnounced(removals);
    }

    /** {@code sweep}: background work, recorded in chunks that take turns with requests (see Recorder#recordBulk). */
    private <T> void recordByTenant(List<T> decisions, Function<T, String> tenant, Function<T, Event> event,
                                    boolean sweep) {
        Map<String, List<Event>> byTenant = new LinkedHashMap<>();
        for (T decision : decisions) {
            byTenant.computeIfAbsent(tenant.apply(decision), t -> new java.util.ArrayList<>()).add(event.apply(decision));
        }
        byTenant.forEach((tenantId, events) -> {
            if (sweep) {
                recorder.recordBulk(tenantId, events);
            } else {
                recorder.record(tenantId, events);
            }
        });
    }

    static Event createdEvent(Suppression entry) {
        ObjectNode data = EventCodec.MAPPER.createObjectNode();
        data.put("address", entry.address());
        data.put("reason", entry.reason().wireName());
        data.put("source_event_id", entry.sourceEventId().orElse(null));
        data.put("expires_at", entry.expiresAt().map(EventCodec::formatInstant).orElse(null));
        String seed = entry.tenantId() + "\n" + entry.address() + "\ncreated\n" + entry.createdAt().toEpochMilli();
        return new Event(IdPrefix.EVENT.derivedId(entry.createdAt(), seed), EventType.SUPPRESSION_CREATED,
                entry.createdAt(), data);
    }

    static Event deletedEvent(SuppressionRemoval removal) {
        ObjectNode data = EventCodec.MAPPER.createObjectNode();
        data.put("address", removal.address());
        data.put("reason", removal.reason().wireName());
        String seed = removal.tenantId() + "\n" + removal.address() + "\ndeleted\n" + removal.createdAt().toEpochMilli();
        return new Event(IdPrefix.EVENT.derivedId(removal.deletedAt(), seed), EventType.SUPPRESSION_DELETED,
                removal.deletedAt(), data);
    }

    /** Stops sweeping after the one under way; what is left is announced by the next start. */
    @Override
    public void close() {
        loop.close();
    }
}
