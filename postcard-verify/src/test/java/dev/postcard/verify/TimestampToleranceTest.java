package dev.postcard.verify;

import static dev.postcard.verify.TestRequests.BODY;
import static dev.postcard.verify.TestRequests.NOW;
import static dev.postcard.verify.TestRequests.SECRET;
import static dev.postcard.verify.TestRequests.headers;
import static dev.postcard.verify.TestRequests.signed;
import static dev.postcard.verify.TestRequests.verifierAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimestampToleranceTest {
    private static final long TOLERANCE = 300;

    private static void verifyAt(long now, long timestamp) {
        verifierAt(now, SECRET).verify(BODY, headers(signed(SECRET, timestamp, BODY)));
    }

    @Test
    void defaultToleranceIsFiveMinutes() {
        assertThat(WebhookVerifier.of(SECRET).tolerance()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void acceptsATimestampExactlyTheToleranceOld() {
        assertThatCode(() -> verifyAt(NOW, NOW - TOLERANCE)).doesNotThrowAnyException();
    }

    @Test
    void refusesATimestampOneSecondOlderThanTheToleranceAndSaysByHowMuch() {
        assertThatThrownBy(() -> verifyAt(NOW, NOW - TOLERANCE - 1))
                .isInstanceOfSatisfying(TimestampTooOldException.class, e -> {
                    assertThat(e.age()).isEqualTo(Duration.ofSeconds(301));
                    assertThat(e.tolerance()).isEqualTo(Duration.ofSeconds(300));
                })
                .hasMessageContaining("webhook-timestamp")
                .hasMessageContaining("301 s old, 1 s more than the tolerance of 300 s");
    }

    @Test
    void acceptsATimestampExactlyTheToleranceAhead() {
        assertThatCode(() -> verifyAt(NOW, NOW + TOLERANCE)).doesNotThrowAnyException();
    }

    @Test
    void refusesATimestampOneSecondFurtherAheadThanTheToleranceAndSaysByHowMuch() {
        assertThatThrownBy(() -> verifyAt(NOW, NOW + TOLERANCE + 1))
                .isInstanceOfSatisfying(TimestampInFutureException.class,
                        e -> assertThat(e.ahead()).isEqualTo(Duration.ofSeconds(301)))
                .hasMessageContaining("webhook-timestamp")
                .hasMessageContaining("301 s in the future, 1 s more than the tolerance of 300 s");
    }

    @Test
    void refusesAReplayAnHourLaterEvenThoughTheSignatureIsGenuine() {
        assertThatThrownBy(() -> verifyAt(NOW + 3600, NOW))
                .isInstanceOf(TimestampTooOldException.class)
                .hasMessageContaining("3600 s old, 3300 s more");
    }

    @Test
    void comparesWholeSecondsSoAFractionOfTheClockDoesNotTipTheEdge() {
        Clock almostNextSecond = Clock.fixed(Instant.ofEpochSecond(NOW, 999_999_999), ZoneOffset.UTC);
        WebhookVerifier verifier = WebhookVerifier.of(SECRET).withClock(almostNextSecond);

        assertThatCode(() -> verifier.verify(BODY, headers(signed(SECRET, NOW - TOLERANCE, BODY))))
                .doesNotThrowAnyException();
    }

    @Test
    void appliesACustomTolerance() {
        WebhookVerifier verifier = verifierAt(NOW, SECRET).withTolerance(Duration.ofSeconds(30));

        assertThatCode(() -> verifier.verify(BODY, headers(signed(SECRET, NOW - 30, BODY))))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verify(BODY, headers(signed(SECRET, NOW - 31, BODY))))
                .isInstanceOf(TimestampTooOldException.class)
                .hasMessageContaining("1 s more than the tolerance of 30 s");
        assertThatThrownBy(() -> verifier.verify(BODY, headers(signed(SECRET, NOW + 31, BODY))))
                .isInstanceOf(TimestampInFutureException.class);
    }

    @Test
    void zeroToleranceAcceptsOnlyTheCurrentSecond() {
        WebhookVerifier verifier = verifierAt(NOW, SECRET).withTolerance(Duration.ZERO);

        assertThatCode(() -> verifier.verify(BODY, headers(signed(SECRET, NOW, BODY)))).doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verify(BODY, headers(signed(SECRET, NOW - 1, BODY))))
                .isInstanceOf(TimestampTooOldException.class);
    }

    @Test
    void withToleranceLeavesTheOriginalVerifierUnchanged() {
        WebhookVerifier original = verifierAt(NOW, SECRET);
        original.withTolerance(Duration.ofSeconds(1));

        assertThat(original.tolerance()).isEqualTo(WebhookVerifier.DEFAULT_TOLERANCE);
        assertThatCode(() -> original.verify(BODY, headers(signed(SECRET, NOW - TOLERANCE, BODY))))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesANegativeOrFractionalTolerance() {
        WebhookVerifier verifier = WebhookVerifier.of(SECRET);

        assertThatThrownBy(() -> verifier.withTolerance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verifier.withTolerance(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole seconds");
    }

    @Test
    void checksTheTimestampAgainstTheSystemClockByDefault() {
        long now = Instant.now().getEpochSecond();
        WebhookVerifier verifier = WebhookVerifier.of(SECRET);

        assertThatCode(() -> verifier.verify(BODY, headers(signed(SECRET, now, BODY)))).doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verify(BODY, headers(signed(SECRET, now - 3600, BODY))))
                .isInstanceOf(TimestampTooOldException.class);
    }
}
