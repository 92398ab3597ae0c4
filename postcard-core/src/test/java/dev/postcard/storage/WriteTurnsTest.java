package dev.postcard.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.storage.WriteTurns.Lane;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The order in which writers get SQLite's write lock. */
class WriteTurnsTest {

    @Test
    void lanesTakeTurnsAndAClaimGoesAheadOfTheRestOfTheBackground() throws Exception {
        WriteTurns turns = new WriteTurns();
        List<String> order = new CopyOnWriteArrayList<>();
        turns.acquire(Lane.BACKGROUND); // held while the others queue

        Thread records = queue(turns, Lane.BACKGROUND, "attempt records", order, 1);
        Thread imports = queue(turns, Lane.BACKGROUND, "import", order, 2);
        Thread request = queue(turns, Lane.FOREGROUND, "request", order, 3);
        Thread claim = queue(turns, Lane.BACKGROUND_FIRST, "claim", order, 4);
        turns.release();
        for (Thread thread : List.of(records, imports, request, claim)) {
            thread.join(Duration.ofSeconds(10));
        }

        // The request first (the background had the last turn), then the claim ahead of what queued before it.
        assertThat(order).containsExactly("request", "claim", "attempt records", "import");
    }

    /** Starts a writer and returns once it waits in line, the {@code position}th. */
    private static Thread queue(WriteTurns turns, Lane lane, String name, List<String> order, int position)
            throws InterruptedException {
        Thread thread = Thread.ofPlatform().start(() -> {
            try {
                turns.acquire(lane);
                order.add(name);
                turns.release();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (turns.waiting() < position && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(turns.waiting()).as(name + " waits").isEqualTo(position);
        return thread;
    }
}
