package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.delivery.DeliverySettings;
import dev.postcard.testing.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliverySettingsWiringTest {

    @Test
    void theServerPassesItsDeliverySettingsToTheEngine(@TempDir Path dataDir) {
        ServerConfig config = new ServerConfig.Builder(dataDir)
                .port(0)
                .clock(MovableClock.atStart())
                .allowPrivateNetworks(true)
                .deliveryRetrySchedule(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .deliveryTimeout(Duration.ofSeconds(7))
                .endpointDisableAfter(Duration.ofDays(2))
                .build();
        try (PostcardServer server = PostcardServer.start(config)) {
            DeliverySettings delivery = server.postcard().config().delivery();
            assertThat(delivery.allowPrivateNetworks()).isTrue();
            assertThat(server.postcard().addressPolicy().allowsPrivateNetworks()).isTrue();
            assertThat(delivery.retrySchedule().delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
            assertThat(delivery.attemptTimeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(delivery.endpointDisableAfter()).isEqualTo(Duration.ofDays(2));
            assertThat(delivery.workerEnabled()).isTrue();
        }
    }

    @Test
    void theServerPassesItsAlertThresholdsToTheEngine(@TempDir Path dataDir) {
        dev.postcard.alerts.AlertThresholds thresholds =
                new dev.postcard.alerts.AlertThresholds(0.02, 0.005, Duration.ofMinutes(15), 50);
        ServerConfig config = new ServerConfig.Builder(dataDir).port(0).clock(MovableClock.atStart())
                .alertThresholds(thresholds).build();
        try (PostcardServer server = PostcardServer.start(config)) {
            assertThat(server.postcard().config().alerts()).isEqualTo(thresholds);
        }
    }

    @Test
    void byDefaultOnlyPublicEndpointsAreCalled(@TempDir Path dataDir) {
        try (PostcardServer server = PostcardServer.start(
                new ServerConfig.Builder(dataDir).port(0).clock(MovableClock.atStart()).build())) {
            DeliverySettings delivery = server.postcard().config().delivery();
            assertThat(delivery.allowPrivateNetworks()).isFalse();
            assertThat(delivery.attemptTimeout()).isEqualTo(Duration.ofSeconds(15));
            assertThat(delivery.endpointDisableAfter()).isEqualTo(Duration.ofDays(5));
            assertThat(delivery.retrySchedule().delays()).hasSize(7);
        }
    }
}
