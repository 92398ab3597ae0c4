package dev.postcard.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.Postcard;
import dev.postcard.event.Event;
import dev.postcard.event.EventQuery;
import dev.postcard.event.EventType;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** The engine counts, evaluates after commits off the recording thread, and announces what a stopped node left. */
class AlertsEngineTest {
    private static final AlertThresholds SMALL = new AlertThresholds(0.05, 0.001, Duration.ofHours(1), 10);

    @EachDatabase
    void theEngineTriggersAnAlertSoonAfterTheCommitThatCrossesAndOnlyOnce(TestDatabase db) {
        AlertFixture f = new AlertFixture(db); // only for its events and clock
        try (Postcard postcard = Postcard.builder().databaseUrl(db.url()).clock(f.clock).alertThresholds(SMALL)
                .build()) {
            List<Event> seen = new CopyOnWriteArrayList<>();
            postcard.on("alert.triggered", stored -> seen.add(stored.event()));
            postcard.record("default", events(f, EventType.EMAIL_SENT, 10));
            postcard.record("default", events(f, EventType.EMAIL_BOUNCED, 1));

            await("the alert is recorded", () -> seen.size() == 1);
            postcard.record("default", events(f, EventType.EMAIL_BOUNCED, 1));
            postcard.alerts().evaluator().evaluate("default"); // as the worker does after that commit

            assertThat(postcard.store().listEvents("default", new EventQuery(Optional.of(EventType.ALERT_TRIGGERED),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 10))
                    .items()).as("stored alerts").hasSize(1);
            assertThat(seen).singleElement().satisfies(alert -> {
                assertThat(alert.data().get("kind").asText()).isEqualTo("bounce_rate");
                assertThat(alert.data().get("sent").asLong()).isEqualTo(10);
            });
            assertThat(postcard.config().alerts()).isEqualTo(SMALL);
        }
    }

    @EachDatabase
    void anEngineStartingAnnouncesTheCrossingAStoppedNodeDecidedButDidNotRecord(TestDatabase db) {
        AlertFixture f = new AlertFixture(db);
        f.record("default", EventType.EMAIL_SENT, 100);
        f.record("default", EventType.EMAIL_BOUNCED, 10);
        assertThat(f.rows.trigger(new AlertState("default", AlertKind.BOUNCE_RATE, true, AlertFixture.T0, 0.1, 0.05,
                3600, new WindowCounts(100, 0, 10, 0), "evt_left_behind", false), Optional.empty())).isTrue();
        f.store.close();

        try (Postcard postcard = Postcard.builder().databaseUrl(db.url()).clock(f.clock).build()) {
            await("the crossing is announced", () -> postcard.alerts().evaluator()
                    .state("default", AlertKind.BOUNCE_RATE).map(AlertState::announced).orElse(false));
            assertThat(postcard.store().findEvent("default", "evt_left_behind")).hasValueSatisfying(stored -> {
                assertThat(stored.event().type()).isEqualTo(EventType.ALERT_TRIGGERED);
                assertThat(stored.event().data().get("bounced").asLong()).isEqualTo(10);
            });
        }
    }

    private static List<Event> events(AlertFixture f, EventType type, int count) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(f.event(type));
        }
        return events;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
