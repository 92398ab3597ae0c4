package dev.postcard.alerts;

import static dev.postcard.event.EventType.EMAIL_BOUNCED;
import static dev.postcard.event.EventType.EMAIL_COMPLAINED;
import static dev.postcard.event.EventType.EMAIL_DELIVERED;
import static dev.postcard.event.EventType.EMAIL_SENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.PostcardException;
import dev.postcard.event.Event;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

class AlertEvaluatorTest {
    private static final AlertThresholds DEFAULTS = AlertThresholds.DEFAULT;

    @EachDatabase
    void belowTheMinimumVolumeNothingFiresHoweverHighTheRate(TestDatabase db) {
        AlertFixture f = new AlertFixture(db);
        AlertEvaluator evaluator = f.evaluator(DEFAULTS);
        f.record("default", EMAIL_SENT, 99);
        f.record("default", EMAIL_BOUNCED, 50);

        evaluator.evaluate("default");

        assertThat(f.alerts("default")).isEmpty();
        assertThat(evaluator.state("default", AlertKind.BOUNCE_RATE)).isEmpty();
    }

    @EachDatabase
    void crossingTheBounceThresholdFiresOnceWithTheFiguresOfTheWindow(TestDatabase db) {
        AlertFixture f = new AlertFixture(db);
        AlertEvaluator evaluator = f.evaluator(DEFAULTS);
        f.record("default", EMAIL_SENT, 100);
        f.record("default", EMAIL_DELIVERED, 90);
        f.record("default", EMAIL_BOUNCED, 4);
        evaluator.evaluate("default");
        assertThat(f.alerts("default")).as("4 %").isEmpty();

        f.clock.advance(Duration.ofMinutes(5));
        f.record("default", EMAIL_BOUNCED, 1);
        evaluator.evaluate("default");
        evaluator.evaluate("default");

        assertThat(f.alerts("default")).singleElement().satisfies(alert -> {
            assertThat(alert.createdAt()).isEqualTo(f.clock.instant());
            assertThat(alert.data().get("kind").asText()).isEqualTo("bounce_rate");
            assertThat(alert.data().get("rate").asDouble()).isEqualTo(0.05);
            assertThat(alert.data().get("threshold").asDouble()).isEqualTo(0.05);
            assertThat(alert.data().get("window_seconds").asLong()).isEqualTo(3600);
            assertThat(alert.data().get("sent").asLong()).isEqualTo(100);
            assertThat(alert.data().get("delivered").asLong()).isEqualTo(90);
            assertThat(alert.data().get("bounced").asLong()).isEqualTo(5);
            assertThat(alert.data().has("complained")).isFalse();
            assertThat(alert.data().get("since").asText()).isEqualTo("2026-11-22T10:05:00.000Z");
        });
        assertThat(evaluator.state("default", AlertKind.BOUNCE_RATE)).hasValueSatisfying(s -> {
            assertThat(s.triggered()).isTrue();
            assertThat(s.announced()).isTrue();
        });
    }

    @EachDatabase
    void stayingAboveFiresNoSecondAlertAndFallingBackClearsWithoutAnEvent(TestDatabase db) {
        AlertFixture f = new AlertFixture(db);
        AlertEvaluator evaluator = f.evaluator(DEFAULTS);
        f.record("default", EMAIL_SENT, 100);
        f.record("default", EMAIL_BOUNCED, 10);
        evaluator.evaluate("default");
        f.clock.advance(Duration.ofMinutes(1));
        f.record("default", EMAIL_BOUNCED, 10);
        evaluator.evaluate("default");
        assertThat(f.alerts("default")).as("still above").hasSize(1);

        f.clock.advance(Duration.ofMinutes(1));
        f.record("default", EMAIL_SENT, 300); // 20 / 400 = 5 %: still at the threshold
        evaluator.evaluate("default");
        assertThat(state(evaluator, AlertKind.BOUNCE_RATE).triggered()).isTrue();
        f.record("default", EMAIL_SENT, 1); // 20 / 401: below
        evaluator.evaluate("default");

        AlertState cleared = state(evaluator, AlertKind.BOUNCE_RATE);
        assertThat(cleared.triggered()).isFalse();
        assertThat(cleared.rate()).isEqualTo(20.0 / 401);
        assertThat(f.alerts("default")).as("clearing records nothing").hasSize(1);
    }

    @EachDatabase
    void aNewCrossingAfterClearingFiresASecondAlert(TestDatabase db) {
        AlertFixture f = new AlertFixture(db);
        AlertEvaluator evaluator = f.evaluator(DEFAULTS);
        f.record("default", EMAIL_SENT, 100);
        f.record("default", EMAIL_BOUNCED, 5);
        evaluator.evaluate("default");
        f.clock.advance(Duration.ofMinutes(1));
        f.record("default", EMAIL_SENT, 100);
        evaluator.evaluate("default");
        assertThat(state(evaluator, AlertKind.BOUNCE_RATE).triggered()).isFalse();

        f.clock.advance(Duration.ofMinutes(1));
        f.record("default", EMAIL_BOUNCED, 5);
        evaluator.evaluate("default");

        List<Event> alerts = f.alerts("default");
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).id()).isNotEqualTo(alerts.get(1).id());
        assertThat(alerts.get(1).data().get("bounced").asLong()).isEqualTo(10);
        assertThat(alerts.get(1).data().get("sent").asLong()).isEqualTo(200);
    }

    @EachDatabase
    void theWindowSlidesOldMinutesOutWhichClearsWithoutNewEvents(TestDatabase db) {
        AlertFixture f = new AlertFixture(db);
        AlertEvaluator evaluator = f.evaluator(DEFAULTS);
        f.record("default", EMAIL_SENT, 100);
        f.record("default", EMAIL_BOUNCED, 10);
        f.clock.advance(Duration.ofMinutes(30));
        f.record("default", EMAIL_SENT, 100);
        evaluator.evaluate("default");
        assertThat(state(evaluator, AlertKind.BOUNCE_RATE).triggered()).as("10 / 200").isTrue();

        f.clock.advance(Duration.ofMinutes(29).plusSeconds(59)); // 10:59:59: the 10:00 minute is still in
        evaluator.evaluateAll();
        assertThat(state(evaluator, AlertKind.BOUNCE_RATE).triggered()).isTrue();

        f.clock.advance(Duration.ofSeconds(1)); // 11:00: the first minute left the window; 0 / 100 remain
        evaluator.evaluateAll();
        AlertState cleared = state(evaluator, AlertKind.BOUNCE_RATE);
        assertThat(cleared.triggered()).isFalse();
        assertThat(cleared.counts().sent()).isEqualTo(100);
        assertThat(f.rows.window("default", 0, Long.MAX_VALUE).sent()).as("the old minute is pruned").isEqualTo(100);
        assertThat(f.alerts("default")).hasSize(1);
    }

    @EachDatabase
    void aQuietWindowClearsButADipInVolumeAloneDoesNot(TestDatabase db) {
        AlertFixture f = new AlertFixture(db);
        AlertEvaluator evaluator = f.evaluator(new AlertThresholds(0.05, 0.001, Duration.ofMinutes(10), 100));
        f.record("default", EMAIL_SENT, 100);
        f.clock.advance(Duration.ofMinutes(5));
        f.record("default", EMAIL_SENT, 10);
        f.record("default", EMAIL_BOUNCED, 10);
        evaluator.evaluate("default");
        assertThat(state(evaluator, AlertKind.BOUNCE_RATE).triggered()).isTrue();

        f.clock.advance(Duration.ofMinutes(5)); // 10 bounced / 10 sent: under the minimum volume, still above
        evaluator.evaluateAll();
        assertThat(state(evaluator, AlertKind.BOUNCE_RATE).triggered()).isTrue();

        f.clock.advance(Duration.ofMinutes(5)); // nothing left in the window
        evaluator.evaluateAll();
        assertThat(state(evaluator, AlertKind.BOUNCE_RATE).triggered()).isFalse();
        assertThat(f.alerts("default")).hasSize(1);
    }

    @EachDatabase
    void theComplaintRateIsComplaintsOverDeliveredAndNeedsTheMinimumDelivered(TestDatabase db) {
        AlertFixture f = new AlertFixture(db);
        AlertEvaluator evaluator = f.evaluator(DEFAULTS);
        f.record("default", EMAIL_SENT, 2000);
        f.record("default", EMAIL_DELIVERED, 99);
        f.record("default", EMAIL_COMPLAINED, 1);
        evaluator.evaluate("default");
        assertThat(f.alerts("default")).as("99 delivered: below the minimum, though 2000 were sent").isEmpty();

        f.record("default", EMAIL_DELIVERED, 901); // 1 / 1000 = 0.1 %
        evaluator.evaluate("default");

        assertThat(f.alerts("default")).singleElement().satisfies(alert -> {
            assertThat(alert.data().get("kind").asText()).isEqualTo("complaint_rate");
            assertThat(alert.data().get("rate").asDouble()).isEqualTo(0.001);
            assertThat(alert.data().get("threshold").asDouble()).isEqualTo(0.001);
            assertThat(alert.data().get("delivered").asLong()).isEqualTo(1000);
            assertThat(alert.data().get("complained").asLong()).isEqualTo(1);
            assertThat(alert.data().has("bounced")).isFalse();
        });
        assertThat(evaluator.state("default", AlertKind.BOUNCE_RATE)).as("no bounces").isEmpty();
    }

    @EachDatabase
    void tenantsAreCountedAndAlertedApart(TestDatabase db) {
        AlertFixture f = new AlertFixture(db);
        AlertEvaluator evaluator = f.evaluator(DEFAULTS);
        f.record("acme", EMAIL_SENT, 100);
        f.record("default", EMAIL_SENT, 100);
        f.record("acme", EMAIL_BOUNCED, 20);

        evaluator.evaluateAll();

        assertThat(f.alerts("acme")).hasSize(1);
        assertThat(f.alerts("acme").getFirst().data().get("sent").asLong()).isEqualTo(100);
        assertThat(f.alerts("default")).isEmpty();
        assertThat(evaluator.state("default", AlertKind.BOUNCE_RATE)).isEmpty();
    }

    @EachDatabase
    void duplicatesAreNotCountedAgain(TestDatabase db) {
        AlertFixture f = new AlertFixture(db);
        AlertEvaluator evaluator = f.evaluator(DEFAULTS);
        f.record("default", EMAIL_SENT, 100);
        Event bounce = f.event(EMAIL_BOUNCED);
        f.store.append("default", List.of(bounce, bounce, bounce));
        for (int i = 0; i < 5; i++) {
            f.store.append("default", List.of(bounce));
        }
        f.store.projector().catchUp();

        evaluator.evaluate("default");

        assertThat(f.rows.window("default", 0, Long.MAX_VALUE).bounced()).isEqualTo(1);
        assertThat(f.alerts("default")).isEmpty();
    }

    @EachDatabase
    void eventsAreCountedInTheMinuteTheyHappenedNotWhenTheyArrive(TestDatabase db) {
        AlertFixture f = new AlertFixture(db);
        AlertEvaluator evaluator = f.evaluator(DEFAULTS);
        f.record("default", EMAIL_SENT, 100);
        f.record("default", EMAIL_BOUNCED, 10); // imported now, but from 10:00, two hours ago by then
        f.clock.advance(Duration.ofHours(2));
        f.record("default", EMAIL_SENT, 100);

        evaluator.evaluate("default");

        assertThat(f.alerts("default")).isEmpty();
    }

    @EachDatabase
    void aCrossingWhoseEventWasNotRecordedIsAnnouncedOnceBySweeps(TestDatabase db) {
        AlertFixture f = new AlertFixture(db);
        AlertEvaluator crashing = f.evaluator(DEFAULTS, (tenant, event) -> {
            throw new PostcardException("the node stopped");
        });
        f.record("default", EMAIL_SENT, 100);
        f.record("default", EMAIL_BOUNCED, 10);
        assertThatThrownBy(() -> crashing.evaluate("default")).isInstanceOf(PostcardException.class);
        assertThat(f.alerts("default")).isEmpty();
        assertThat(state(crashing, AlertKind.BOUNCE_RATE).announced()).isFalse();

        f.clock.advance(Duration.ofMinutes(3));
        f.record("default", EMAIL_SENT, 101); // the rate falls back, but the crossing is not forgotten
        AlertEvaluator restarted = f.evaluator(DEFAULTS);
        restarted.evaluate("default");
        assertThat(state(restarted, AlertKind.BOUNCE_RATE).triggered()).as("waits for its event").isTrue();
        assertThat(restarted.announcePending()).isEqualTo(1);
        assertThat(restarted.announcePending()).isZero();

        assertThat(f.alerts("default")).singleElement().satisfies(alert -> {
            assertThat(alert.createdAt()).isEqualTo(AlertFixture.T0);
            assertThat(alert.data().get("bounced").asLong()).isEqualTo(10);
            assertThat(alert.data().get("sent").asLong()).isEqualTo(100);
        });
        restarted.evaluate("default");
        assertThat(state(restarted, AlertKind.BOUNCE_RATE).triggered()).as("announced, so it may clear").isFalse();
    }

    @EachDatabase
    void recordingTheSameCrossingTwiceStoresOneEvent(TestDatabase db) {
        // A node that stopped after recording the event but before marking it announced records it again.
        AlertFixture f = new AlertFixture(db);
        AlertEvaluator evaluator = f.evaluator(DEFAULTS);
        f.record("default", EMAIL_SENT, 100);
        f.record("default", EMAIL_BOUNCED, 10);
        evaluator.evaluate("default");
        AlertState triggered = state(evaluator, AlertKind.BOUNCE_RATE);

        f.store.append("default", List.of(AlertEvaluator.event(triggered)));

        assertThat(f.alerts("default")).hasSize(1);
    }

    @EachDatabase
    void ofTwoNodesDecidingTogetherOnlyOneAnnounces(TestDatabase db) {
        AlertFixture f = new AlertFixture(db);
        f.record("default", EMAIL_SENT, 100);
        f.record("default", EMAIL_BOUNCED, 10);
        AlertState crossing = new AlertState("default", AlertKind.BOUNCE_RATE, true, f.clock.instant(), 0.1, 0.05,
                3600, new WindowCounts(100, 0, 10, 0), "evt_x", false);

        assertThat(f.rows.trigger(crossing, Optional.empty())).isTrue();
        assertThat(f.rows.trigger(crossing, Optional.empty())).isFalse();
    }

    private static AlertState state(AlertEvaluator evaluator, AlertKind kind) {
        return evaluator.state("default", kind).orElseThrow();
    }
}
