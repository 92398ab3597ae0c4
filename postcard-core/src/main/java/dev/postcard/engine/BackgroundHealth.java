package dev.postcard.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the engine's background loops (webhook delivery, listeners, suppression announcements, alerts, the
 * bounce mailbox) are doing, for {@code /readyz}. A loop whose pass ends in an {@link Error} is not left dead:
 * it reports the failure here, pauses and runs again, and the engine counts as not ready until a pass of that
 * loop completes. An {@link Exception} (the database briefly away, say) is the loop's own business: it logs and
 * retries, and the database check of {@code /readyz} says the rest.
 *
 * <p>An {@link OutOfMemoryError} may leave any thread, the web server's too, half done; the process should
 * then end and be restarted: {@code ./postcard} runs the JVM with {@code -XX:+ExitOnOutOfMemoryError}.
 */
public final class BackgroundHealth {
    private final Clock clock;
    private final Map<String, Failure> failing = new ConcurrentHashMap<>();

    /** A loop whose latest pass ended in an error, with when and what. */
    public record Failure(String loop, Instant since, String error) {
    }

    public BackgroundHealth(Clock clock) {
        this.clock = clock;
    }

    /** A pass of {@code loop} completed; cheap enough for every pass. */
    public void passed(String loop) {
        if (!failing.isEmpty()) {
            failing.remove(loop);
        }
    }

    /** A pass of {@code loop} ended in {@code error}; the loop runs again after a pause. */
    public void failed(String loop, Throwable error) {
        failing.putIfAbsent(loop, new Failure(loop, clock.instant(), error.getClass().getName()));
    }

    /** The loops whose latest pass failed, by name. */
    public List<Failure> failing() {
        return failing.values().stream().sorted(Comparator.comparing(Failure::loop)).toList();
    }

    /** Pauses a loop after a failed pass; false when the loop's thread is being stopped. */
    public static boolean pauseAfterFailure() {
        try {
            Thread.sleep(200);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
