package dev.postcard.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.delivery.EndpointLimit.Permit;
import dev.postcard.delivery.EndpointLimit.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The AIMD limit, fed answers and latencies by hand: which way the limit goes, and how far. */
class EndpointLimitTest {
    private static final Duration FAST = Duration.ofMillis(20);

    @Test
    void startsAtTheInitialLimitWithinFloorAndCeiling() {
        assertThat(new EndpointLimit(4, 256).snapshot()).isEqualTo(new EndpointLimit.Snapshot(4, 0));
        assertThat(new EndpointLimit(0, 256).snapshot().limit()).isEqualTo(1);
        assertThat(new EndpointLimit(500, 256).snapshot().limit()).isEqualTo(256);
    }

    @Test
    void timelyTwoHundredsRaiseTheLimitByOneEach() throws Exception {
        EndpointLimit limit = new EndpointLimit(4, 256);
        List<Integer> path = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            List<Permit> permits = takeAll(limit); // the limit is in use: every permit is taken
            for (Permit permit : permits) {
                limit.finish(permit, Signal.SUCCESS, FAST);
            }
            path.add(limit.snapshot().limit());
        }
        // 4 answers with 4, 3, 2, 1 in flight: the first two had at least half the (growing) limit in flight.
        assertThat(path).containsExactly(6, 9, 13);
        assertThat(path).isSorted();
        assertThat(limit.snapshot().inFlight()).isZero();
    }

    @Test
    void anIdleLimitDoesNotGrow() throws Exception {
        EndpointLimit limit = new EndpointLimit(4, 256);
        for (int i = 0; i < 100; i++) {
            limit.finish(take(limit), Signal.SUCCESS, FAST); // one at a time: never half of 4 in flight
        }
        assertThat(limit.snapshot().limit()).isEqualTo(4);
    }

    @Test
    void slowTwoHundredsHoldTheLimit() throws Exception {
        EndpointLimit limit = new EndpointLimit(2, 256);
        limit.finish(take(limit), Signal.SUCCESS, FAST); // baseline 20 ms; limit 3
        assertThat(limit.snapshot().limit()).isEqualTo(3);
        List<Permit> permits = takeAll(limit);
        for (Permit permit : permits) {
            limit.finish(permit, Signal.SUCCESS, Duration.ofMillis(500)); // far over 2 x 20 ms + 10 ms
        }
        assertThat(limit.snapshot().limit()).isEqualTo(3);
    }

    @Test
    void theBaselineIsTheFastestAnswerOfTheLastTwoWindowsSoAReceiverThatGotSlowerCanGrowAgain() throws Exception {
        long[] now = {0};
        EndpointLimit limit = new EndpointLimit(2, 256, () -> now[0]);
        Duration slow = Duration.ofMillis(500);
        limit.finish(take(limit), Signal.SUCCESS, FAST); // baseline 20 ms; limit 3

        now[0] += EndpointLimit.BASELINE_WINDOW.toNanos() + 1; // the 20 ms answer is now the previous window's
        finishAll(limit, slow);
        assertThat(limit.snapshot().limit()).as("still measured against 20 ms").isEqualTo(3);

        now[0] += EndpointLimit.BASELINE_WINDOW.toNanos() + 1; // the fastest of the last two windows is 500 ms
        finishAll(limit, slow);
        assertThat(limit.snapshot().limit()).as("500 ms is in time against a 500 ms baseline").isGreaterThan(3);
    }

    @Test
    void manyAnswersInOneWindowDoNotWearTheBaselineAway() throws Exception {
        EndpointLimit limit = new EndpointLimit(2, 256, () -> 0);
        limit.finish(take(limit), Signal.SUCCESS, FAST); // baseline 20 ms; limit 3
        for (int i = 0; i < 1_000; i++) {
            finishAll(limit, Duration.ofMillis(60)); // queueing: over 2 x 20 ms + 10 ms, every time
        }
        assertThat(limit.snapshot().limit()).isEqualTo(3);
    }

    private static void finishAll(EndpointLimit limit, Duration latency) throws InterruptedException {
        for (Permit permit : takeAll(limit)) {
            limit.finish(permit, Signal.SUCCESS, latency);
        }
    }

    @Test
    void dropsHalveTheLimitOncePerGenerationDownToTheFloor() throws Exception {
        EndpointLimit limit = new EndpointLimit(64, 256);
        List<Permit> burst = takeAll(limit);
        List<Integer> path = new ArrayList<>();
        for (Permit permit : burst) {
            limit.finish(permit, Signal.DROP, FAST);
            path.add(limit.snapshot().limit());
        }
        // 64 failures of attempts started together halve the limit once, not 64 times.
        assertThat(path).containsOnly(32);
        for (int i = 0; i < 10; i++) {
            limit.finish(take(limit), Signal.DROP, FAST);
        }
        assertThat(limit.snapshot().limit()).isEqualTo(EndpointLimit.FLOOR);
    }

    @Test
    void neverAboveTheCeiling() throws Exception {
        EndpointLimit limit = new EndpointLimit(7, 8);
        for (int round = 0; round < 5; round++) {
            for (Permit permit : takeAll(limit)) {
                limit.finish(permit, Signal.SUCCESS, FAST);
            }
        }
        assertThat(limit.snapshot().limit()).isEqualTo(8);
    }

    @Test
    void ignoredAnswersChangeNothing() throws Exception {
        EndpointLimit limit = new EndpointLimit(4, 256);
        for (Permit permit : takeAll(limit)) {
            limit.finish(permit, Signal.IGNORE, FAST);
        }
        assertThat(limit.snapshot()).isEqualTo(new EndpointLimit.Snapshot(4, 0));
    }

    @Test
    void noPermitBeyondTheLimitUntilOneIsReturned() throws Exception {
        EndpointLimit limit = new EndpointLimit(2, 256);
        Permit first = take(limit);
        take(limit);
        assertThat(limit.acquire(Duration.ofMillis(1))).isEmpty();
        limit.release(first);
        assertThat(limit.acquire(Duration.ofMillis(1))).isPresent();
        assertThat(limit.snapshot()).isEqualTo(new EndpointLimit.Snapshot(2, 2));
    }

    @Test
    void answersAreReadAsLoadSignals() {
        Duration d = Duration.ofMillis(5);
        assertThat(Signal.of(new AttemptOutcome.Delivered(204, d, ""))).isEqualTo(Signal.SUCCESS);
        assertThat(Signal.of(new AttemptOutcome.Rejected(503, d, "", Optional.empty()))).isEqualTo(Signal.DROP);
        assertThat(Signal.of(new AttemptOutcome.Rejected(429, d, "", Optional.empty()))).isEqualTo(Signal.DROP);
        assertThat(Signal.of(new AttemptOutcome.Rejected(404, d, "", Optional.empty()))).isEqualTo(Signal.IGNORE);
        assertThat(Signal.of(new AttemptOutcome.Failed(ErrorClass.TIMEOUT, "", d))).isEqualTo(Signal.DROP);
        assertThat(Signal.of(new AttemptOutcome.Failed(ErrorClass.CONNECT, "", d))).isEqualTo(Signal.DROP);
        assertThat(Signal.of(new AttemptOutcome.Failed(ErrorClass.DNS, "", d))).isEqualTo(Signal.IGNORE);
        assertThat(Signal.of(new AttemptOutcome.Failed(ErrorClass.BLOCKED_ADDRESS, "", d))).isEqualTo(Signal.IGNORE);
    }

    private static Permit take(EndpointLimit limit) throws InterruptedException {
        return limit.acquire(Duration.ZERO).orElseThrow();
    }

    private static List<Permit> takeAll(EndpointLimit limit) throws InterruptedException {
        List<Permit> permits = new ArrayList<>();
        for (Optional<Permit> p = limit.acquire(Duration.ZERO); p.isPresent(); p = limit.acquire(Duration.ZERO)) {
            permits.add(p.get());
        }
        return permits;
    }
}
