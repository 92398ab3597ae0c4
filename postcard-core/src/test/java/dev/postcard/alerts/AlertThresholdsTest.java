package dev.postcard.alerts;

import static dev.postcard.event.EventType.EMAIL_BOUNCED;
import static dev.postcard.event.EventType.EMAIL_COMPLAINED;
import static dev.postcard.event.EventType.EMAIL_DELIVERED;
import static dev.postcard.event.EventType.EMAIL_SENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.InvalidInputException;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertThresholdsTest {

    /**
     * What README's table promises for unset {@code POSTCARD_ALERT_*}: bounced / sent reaching 5 %, complained /
     * delivered reaching 0.1 %, over the last hour, once at least 100 were sent (delivered, for complaints).
     */
    @EachDatabase
    void theDefaultsAlertAsTheReadmePromises(TestDatabase db) {
        AlertFixture f = new AlertFixture(db);
        AlertEvaluator evaluator = f.evaluator(AlertThresholds.DEFAULT);
        f.record("bounced-4-of-100", EMAIL_SENT, 100);
        f.record("bounced-4-of-100", EMAIL_BOUNCED, 4);
        f.record("bounced-5-of-100", EMAIL_SENT, 100);
        f.record("bounced-5-of-100", EMAIL_BOUNCED, 5);
        f.record("bounced-5-of-99", EMAIL_SENT, 99);
        f.record("bounced-5-of-99", EMAIL_BOUNCED, 5);
        f.record("complained-1-of-1001", EMAIL_DELIVERED, 1001);
        f.record("complained-1-of-1001", EMAIL_COMPLAINED, 1);
        f.record("complained-1-of-1000", EMAIL_DELIVERED, 1000);
        f.record("complained-1-of-1000", EMAIL_COMPLAINED, 1);
        f.record("sent-59-minutes-before", EMAIL_SENT, 100);
        f.record("sent-60-minutes-before", EMAIL_SENT, 100);
        evaluator.evaluateAll();

        f.clock.advance(Duration.ofMinutes(59));
        f.record("sent-59-minutes-before", EMAIL_BOUNCED, 5);
        evaluator.evaluate("sent-59-minutes-before");
        f.clock.advance(Duration.ofMinutes(1));
        f.record("sent-60-minutes-before", EMAIL_BOUNCED, 5);
        evaluator.evaluate("sent-60-minutes-before");

        assertThat(alerted(f, "bounced-4-of-100")).as("4 %").isEmpty();
        assertThat(alerted(f, "bounced-5-of-100")).as("5 %").containsExactly("bounce_rate");
        assertThat(alerted(f, "bounced-5-of-99")).as("below 100 sent").isEmpty();
        assertThat(alerted(f, "complained-1-of-1001")).as("under 0.1 %").isEmpty();
        assertThat(alerted(f, "complained-1-of-1000")).as("0.1 %").containsExactly("complaint_rate");
        assertThat(alerted(f, "sent-59-minutes-before")).as("sent inside the hour").containsExactly("bounce_rate");
        assertThat(alerted(f, "sent-60-minutes-before")).as("sent an hour before").isEmpty();
        assertThat(f.alerts("bounced-5-of-100").getFirst().data().get("window_seconds").asLong()).isEqualTo(3600);
    }

    private static List<String> alerted(AlertFixture f, String tenant) {
        return f.alerts(tenant).stream().map(alert -> alert.data().get("kind").asText()).toList();
    }

    @Test
    void badThresholdsNameTheirField() {
        assertThat(field(() -> new AlertThresholds(0, 0.001, Duration.ofHours(1), 100))).isEqualTo("bounceRate");
        assertThat(field(() -> new AlertThresholds(1.5, 0.001, Duration.ofHours(1), 100))).isEqualTo("bounceRate");
        assertThat(field(() -> new AlertThresholds(0.05, Double.NaN, Duration.ofHours(1), 100)))
                .isEqualTo("complaintRate");
        assertThat(field(() -> new AlertThresholds(0.05, 0.001, Duration.ofSeconds(30), 100))).isEqualTo("window");
        assertThat(field(() -> new AlertThresholds(0.05, 0.001, Duration.ofSeconds(90), 100))).isEqualTo("window");
        assertThat(field(() -> new AlertThresholds(0.05, 0.001, Duration.ofDays(8), 100))).isEqualTo("window");
        assertThat(field(() -> new AlertThresholds(0.05, 0.001, Duration.ofHours(1), 0))).isEqualTo("minimumVolume");
        assertThat(new AlertThresholds(1, 1, Duration.ofDays(7), 1).windowMinutes()).isEqualTo(7 * 24 * 60);
    }

    private static String field(Runnable build) {
        return ((InvalidInputException) org.assertj.core.api.Assertions.catchThrowable(build::run)).field();
    }
}
