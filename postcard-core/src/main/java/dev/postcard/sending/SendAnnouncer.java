package dev.postcard.sending;

import dev.postcard.engine.Recorder;
import dev.postcard.event.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records the events of stored outcomes, then marks them recorded. The outcome is committed first, so a crash
 * in between leaves it pending and the next sweep records it; event ids are derived, so it is stored once.
 */
final class SendAnnouncer {
    private static final int BATCH = 500;

    private final SendStore store;
    private final Recorder recorder;

    SendAnnouncer(SendStore store, Recorder recorder) {
        this.store = store;
        this.recorder = recorder;
    }

    void announce(List<RecipientRow> rows) {
        Map<String, List<Event>> byTenant = new LinkedHashMap<>();
        for (RecipientRow row : rows) {
            byTenant.computeIfAbsent(row.tenantId(), t -> new ArrayList<>()).add(SendEvents.of(row));
        }
        byTenant.forEach(recorder::record);
        store.markRecorded(rows);
    }

    /** Announces every outcome a crash left unannounced; returns how many. */
    int sweep() {
        int announced = 0;
        List<RecipientRow> pending;
        do {
            pending = store.unrecorded(BATCH);
            announce(pending);
            announced += pending.size();
        } while (pending.size() == BATCH);
        return announced;
    }
}
