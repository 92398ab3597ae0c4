package dev.postcard.server;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Writers that post events with unique ids ({@code <prefix>_<writer>_<n>}) one after another until stopped, each
 * at most {@link #MAX_PER_WRITER} times, keeping every outcome.
 */
final class EventLoad implements AutoCloseable {
    static final int MAX_PER_WRITER = 20_000;

    private final ExecutorService writers;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<WriteOutcome> outcomes = new ConcurrentLinkedQueue<>();

    private EventLoad(int count) {
        this.writers = Executors.newFixedThreadPool(count);
    }

    /** Starts {@code count} writers; each pauses {@code pause} between its requests. */
    static EventLoad start(AdminApi api, String prefix, String type, int count, Duration pause) {
        EventLoad load = new EventLoad(count);
        for (int w = 0; w < count; w++) {
            int writer = w;
            load.writers.submit(() -> load.write(api, prefix + "_" + writer + "_", type, pause));
        }
        return load;
    }

    private Void write(AdminApi api, String prefix, String type, Duration pause) throws InterruptedException {
        for (int i = 0; i < MAX_PER_WRITER && running.get(); i++) {
            String id = prefix + i;
            long sentAt = System.nanoTime();
            try {
                outcomes.add(WriteOutcome.of(id, sentAt, api.postEvent(id, type)));
            } catch (InterruptedException e) {
                outcomes.add(WriteOutcome.failed(id, sentAt, e));
                throw e;
            } catch (Exception e) {
                outcomes.add(WriteOutcome.failed(id, sentAt, e)); // no answer, so not acknowledged
            }
            if (!pause.isZero()) {
                Thread.sleep(pause);
            }
        }
        return null;
    }

    /** Every outcome so far, in the order the answers came. */
    List<WriteOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    long count(Predicate<WriteOutcome> which) {
        return outcomes.stream().filter(which).count();
    }

    Set<String> ids(Predicate<WriteOutcome> which) {
        return outcomes.stream().filter(which).map(WriteOutcome::id).collect(Collectors.toSet());
    }

    /** Waits until {@code n} outcomes match, or {@code limit} has passed; whether they did. */
    boolean await(Predicate<WriteOutcome> which, long n, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (count(which) < n) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Stops the writers, waits for their last requests (each bounded by its timeout), and gives every outcome. */
    List<WriteOutcome> stop() throws InterruptedException {
        running.set(false);
        writers.shutdown();
        if (!writers.awaitTermination(AdminApi.TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
            writers.shutdownNow();
            throw new AssertionError("the writers did not stop: a request hangs past its timeout");
        }
        return outcomes();
    }

    @Override
    public void close() {
        running.set(false);
        writers.shutdownNow();
    }
}
