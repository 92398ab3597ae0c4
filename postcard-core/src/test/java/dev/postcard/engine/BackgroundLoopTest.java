package dev.postcard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.MovableClock;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundLoopTest {
    private static final Duration NEVER = Duration.ofDays(1);

    @Test
    void passesRunAtStartAndWhenWokenAndAnErrorShowsInHealthUntilAPassSucceeds() throws Exception {
        BackgroundHealth health = new BackgroundHealth(MovableClock.atStart());
        AtomicInteger passes = new AtomicInteger();
        Semaphore passed = new Semaphore(0);
        try (BackgroundLoop loop = new BackgroundLoop("test loop", NEVER, health, () -> {
            int n = passes.incrementAndGet();
            passed.release();
            if (n == 2) {
                throw new OutOfMemoryError("a pass that fails with an error");
            }
            if (n == 3) {
                throw new IllegalStateException("a pass that fails");
            }
        })) {
            loop.start();
            assertThat(passed.tryAcquire(10, TimeUnit.SECONDS)).as("the pass at start").isTrue();

            loop.wake();
            assertThat(passed.tryAcquire(10, TimeUnit.SECONDS)).as("a pass when woken").isTrue();
            awaitFailing(health, 1);
            assertThat(health.failing().getFirst().loop()).isEqualTo("test loop");

            loop.wake();
            assertThat(passed.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            loop.wake();
            assertThat(passed.tryAcquire(10, TimeUnit.SECONDS)).as("an exception does not stop the loop").isTrue();
            awaitFailing(health, 0);
        }
        int after = passes.get();
        Thread.sleep(50);
        assertThat(passes.get()).as("no pass after close").isEqualTo(after);
    }

    private static void awaitFailing(BackgroundHealth health, int count) throws InterruptedException {
        for (int i = 0; i < 500 && health.failing().size() != count; i++) {
            Thread.sleep(10);
        }
        assertThat(health.failing()).hasSize(count);
    }
}
