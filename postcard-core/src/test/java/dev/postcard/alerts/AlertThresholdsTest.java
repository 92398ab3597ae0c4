package dev.postcard.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertThresholdsTest {

    @Test
    void theDefaultsAreThoseOfTheIssue() {
        assertThat(AlertThresholds.DEFAULT).isEqualTo(new AlertThresholds(0.05, 0.001, Duration.ofHours(1), 100));
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
