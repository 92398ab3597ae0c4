package dev.postcard.bounces.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    @Test
    void eachFailureDoublesTheWaitUpToTheLongest() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(backoff.after(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.after(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.after(Duration.ofSeconds(4))).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.after(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theDefaultStartsAtASecondAndStopsAtFiveMinutes() {
        assertThat(ReconnectBackoff.DEFAULT.first()).isEqualTo(Duration.ofSeconds(1));
        assertThat(ReconnectBackoff.DEFAULT.max()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void refusesAWaitThatIsNotPositiveOrALongestShorterThanTheFirst() {
        assertThatThrownBy(() -> new ReconnectBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> new ReconnectBackoff(Duration.ofMillis(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter");
    }
}
