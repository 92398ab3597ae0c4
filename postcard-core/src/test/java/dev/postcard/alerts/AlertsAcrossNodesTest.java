package dev.postcard.alerts;

import static dev.postcard.event.EventType.EMAIL_BOUNCED;
import static dev.postcard.event.EventType.EMAIL_SENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.time.Duration;
import java.util.List;

/**
 * Two nodes evaluate the same tenant: one of them is overtaken between two of its statements by the other, which
 * decides on newer counts. The slower node's decision, taken on what it read before, must not undo or repeat the
 * other's: one crossing is one {@code alert.triggered}, whatever the interleaving.
 */
class AlertsAcrossNodesTest {
    private static final AlertThresholds DEFAULTS = AlertThresholds.DEFAULT;

    @EachDatabase
    void aNodeOvertakenByAnotherNodesCrossingDoesNotClearItSoItIsNotAnnouncedTwice(TestDatabase db) {
        AlertFixture f = new AlertFixture(db);
        AlertEvaluator first = f.evaluator(DEFAULTS);
        InterruptedDataSource slow = new InterruptedDataSource(f.store.dataSource());
        AlertEvaluator second = secondNode(f, slow);
        f.record("default", EMAIL_SENT, 100);
        f.record("default", EMAIL_BOUNCED, 4); // 4 %: below the 5 % threshold

        slow.before(2, () -> {
            f.record("default", EMAIL_BOUNCED, 1); // 5 %: the first node sees the crossing and announces it
            first.evaluate("default");
        });
        second.evaluate("default");
        f.clock.advance(Duration.ofMinutes(1));
        first.evaluate("default");
        second.evaluate("default");

        assertThat(f.alerts("default")).as("one crossing, one alert.triggered").hasSize(1);
        assertThat(first.state("default", AlertKind.BOUNCE_RATE)).hasValueSatisfying(state ->
                assertThat(state.triggered()).as("the rate is still above the threshold").isTrue());
    }

    @EachDatabase
    void aNodeOvertakenWhileTheAlertTriggeredAndClearedDoesNotTriggerItOnOldCounts(TestDatabase db) {
        AlertFixture f = new AlertFixture(db);
        AlertEvaluator first = f.evaluator(DEFAULTS);
        InterruptedDataSource slow = new InterruptedDataSource(f.store.dataSource());
        AlertEvaluator second = secondNode(f, slow);
        f.record("default", EMAIL_SENT, 100);
        f.record("default", EMAIL_BOUNCED, 10); // 10 %: above

        slow.before(3, () -> {
            // Before the second node writes its decision, the first triggers, then the rate falls and it clears.
            f.clock.advance(Duration.ofMinutes(1));
            first.evaluate("default");
            f.record("default", EMAIL_SENT, 200);
            first.evaluate("default");
        });
        second.evaluate("default");

        assertThat(f.alerts("default")).as("one crossing, one alert.triggered").hasSize(1);
        assertThat(first.state("default", AlertKind.BOUNCE_RATE)).hasValueSatisfying(state ->
                assertThat(state.triggered()).as("the rate, 10 of 300, is below the threshold").isFalse());
    }

    private static AlertEvaluator secondNode(AlertFixture f, InterruptedDataSource dataSource) {
        return new AlertEvaluator(new AlertRows(dataSource), DEFAULTS, f.clock,
                (tenant, event) -> f.store.append(tenant, List.of(event)));
    }
}
