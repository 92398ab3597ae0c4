package dev.postcard.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventQuery;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import dev.postcard.event.StoredEvent;
import dev.postcard.storage.JdbcStore;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/** A store that counts for alerts (its projector run by the test), an evaluator on a clock the test moves, and events to feed them. */
final class AlertFixture {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    final MovableClock clock = new MovableClock(T0);
    final JdbcStore store;
    final AlertRows rows;

    AlertFixture(TestDatabase db) {
        this.store = db.open();
        store.projector().add(Alerts.counting());
        this.rows = new AlertRows(store.dataSource());
    }

    AlertEvaluator evaluator(AlertThresholds thresholds) {
        return evaluator(thresholds, (tenant, event) -> store.append(tenant, List.of(event)));
    }

    AlertEvaluator evaluator(AlertThresholds thresholds, BiConsumer<String, Event> recorder) {
        return new AlertEvaluator(rows, thresholds, clock, recorder);
    }

    /** {@code count} new events of {@code type} for the tenant, made now, and counted before this returns. */
    void record(String tenant, EventType type, int count) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(event(type));
        }
        store.append(tenant, events);
        store.projector().catchUp();
    }

    Event event(EventType type) {
        ObjectNode data = EventCodec.MAPPER.createObjectNode();
        data.put("email_id", IdPrefix.MESSAGE.newId());
        data.put("to", "user@example.com");
        return new Event(IdPrefix.EVENT.newId(), type, clock.instant(), data);
    }

    /** The tenant's alert.triggered events, oldest first. */
    List<Event> alerts(String tenant) {
        List<StoredEvent> found = store.listEvents(tenant, new EventQuery(Optional.of(EventType.ALERT_TRIGGERED),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 100)).items();
        return found.reversed().stream().map(StoredEvent::event).toList();
    }
}
