package dev.postcard.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.sending.api.FailoverTransport;
import dev.postcard.testing.MovableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A configured transport answers under its own name and starts at most its rate of hand-overs per second. */
class ConfiguredTransportTest {
    private static final OutgoingMessage MESSAGE = new OutgoingMessage("default", "msg_01JEXAMPLE",
            "ada@example.com", "bob@example.org", "ada@example.com", List.of("bob@example.org"), List.of(), List.of(),
            "Hi", Optional.empty(), Optional.of("Hello"), "msg_01JEXAMPLE@example.com", new LinkedHashMap<>(),
            List.of(), List.of());

    private final MovableClock clock = MovableClock.atStart();
    /** The bucket's time is the test's clock, and a wait moves it: no test waits for real time to pass. */
    private final TokenBucket.Timer timer = new TokenBucket.Timer() {
        @Override
        public long nanos() {
            return Duration.between(MovableClock.START, clock.instant()).toNanos();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            clock.advance(Duration.ofNanos(nanos));
        }
    };

    /** Accepts every message and notes, by the test's clock, when each reached it. */
    private final class Stamping implements Transport {
        final List<Duration> startedAfter = new ArrayList<>();

        @Override
        public String name() {
            return "smtp";
        }

        @Override
        public TransportResult send(OutgoingMessage message) {
            startedAfter.add(Duration.between(MovableClock.START, clock.instant()));
            return new TransportResult.Accepted("smtp", "250 ok", Optional.empty());
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aRateLetsABurstOfOneSecondThroughThenPacesTheRest() {
        Stamping relay = new Stamping();
        ConfiguredTransport paced = new ConfiguredTransport("eu-relay", relay, Optional.of(new TokenBucket(2, timer)));
        for (int i = 0; i < 6; i++) {
            paced.send(MESSAGE);
        }
        assertThat(relay.startedAfter).containsExactly(Duration.ZERO, Duration.ZERO, Duration.ofMillis(500),
                Duration.ofMillis(1000), Duration.ofMillis(1500), Duration.ofMillis(2000));

        clock.advance(Duration.ofSeconds(10));
        relay.startedAfter.clear();
        for (int i = 0; i < 3; i++) {
            paced.send(MESSAGE);
        }
        assertThat(relay.startedAfter).as("an idle transport saves up one second's worth, no more")
                .containsExactly(Duration.ofSeconds(12), Duration.ofSeconds(12), Duration.ofMillis(12_500));
    }

    @Test
    void withoutARateNothingWaits() {
        Stamping relay = new Stamping();
        ConfiguredTransport free = new ConfiguredTransport("smtp", relay, OptionalInt.empty());
        for (int i = 0; i < 100; i++) {
            free.send(MESSAGE);
        }
        assertThat(relay.startedAfter).hasSize(100).containsOnly(Duration.ZERO);
        assertThat(free.longestWait(200)).isZero();
    }

    @Test
    void everyResultNamesTheConfiguredTransport() {
        List<TransportResult> answers = List.of(
                new TransportResult.Accepted("sendgrid", "202", Optional.of("sg-1")),
                new TransportResult.RecipientRejected("sendgrid", "550 no such user"),
                new TransportResult.TemporaryFailure("sendgrid", "503", Optional.of(Duration.ofSeconds(7)), true),
                new TransportResult.PermanentFailure("sendgrid", "401", "authentication_failed"));
        List<TransportResult> seen = new ArrayList<>();
        for (TransportResult answer : answers) {
            Transport scripted = new RecordingTransport().answer(MESSAGE.envelopeTo(), answer);
            seen.add(new ConfiguredTransport("sendgrid-eu", scripted, OptionalInt.empty()).send(MESSAGE));
        }
        assertThat(seen).containsExactly(
                new TransportResult.Accepted("sendgrid-eu", "202", Optional.of("sg-1")),
                new TransportResult.RecipientRejected("sendgrid-eu", "550 no such user"),
                new TransportResult.TemporaryFailure("sendgrid-eu", "503", Optional.of(Duration.ofSeconds(7)), true),
                new TransportResult.PermanentFailure("sendgrid-eu", "401", "authentication_failed"));
    }

    @Test
    void theLeaseCoversTheWaitAtEveryPacedTransportOfAFailover() {
        ConfiguredTransport slow = new ConfiguredTransport("slow", new RecordingTransport(), OptionalInt.of(4));
        ConfiguredTransport fast = new ConfiguredTransport("fast", new RecordingTransport(), OptionalInt.of(100));
        ConfiguredTransport free = new ConfiguredTransport("free", new RecordingTransport(), OptionalInt.empty());
        assertThat(slow.longestWait(200)).isEqualTo(Duration.ofSeconds(50));
        assertThat(new FailoverTransport(List.of(slow, fast, free)).longestWait(200))
                .isEqualTo(Duration.ofSeconds(52));
    }

    @Test
    void anEngineStoppingDuringTheWaitHandsNothingOver() {
        Stamping relay = new Stamping();
        ConfiguredTransport paced = new ConfiguredTransport("eu-relay", relay, Optional.of(new TokenBucket(1, timer)));
        paced.send(MESSAGE);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> paced.send(MESSAGE)).isInstanceOf(ConfiguredTransport.Interrupted.class);
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(relay.startedAfter).hasSize(1);
    }

    @Test
    void aNameIsShortAndPlain() {
        assertThatThrownBy(() -> new ConfiguredTransport("eu relay", new RecordingTransport(), OptionalInt.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
