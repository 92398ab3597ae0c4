package dev.postcard.server.connection;

import dev.postcard.server.connection.RequestProgress.Wait;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ends the connections whose client is late. Every period it looks at each open connection's read in
 * progress; one past its deadline gets a 408 (unless an answer to its request has begun) and its socket
 * closed, which ends the blocked read. The answer is written from a thread of its own: a client that reads
 * nothing could block it, so the socket is closed a few seconds on whatever happened to the write.
 */
final class Watchdog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Watchdog.class.getName());
    private static final long CLOSE_AT_THE_LATEST_SECONDS = 5;

    private final Set<GuardedConnection> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    Watchdog(Duration period) {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "postcard-http-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::check, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    void watch(GuardedConnection connection) {
        open.add(connection);
    }

    void forget(GuardedConnection connection) {
        open.remove(connection);
    }

    private void check() {
        long now = System.nanoTime();
        for (GuardedConnection connection : open) {
            try {
                Wait overdue = connection.reads().expireIfOverdue(now);
                if (overdue != null) {
                    Thread.ofVirtual().name("postcard-late-client")
                            .start(() -> connection.endLate(overdue.answerable()));
                    timer.schedule(connection::closeSocket, CLOSE_AT_THE_LATEST_SECONDS, TimeUnit.SECONDS);
                }
            } catch (RuntimeException e) {
                // One connection's trouble must not stop the checks of the others (a thrown task is not repeated).
                LOG.log(Level.WARNING, "could not end a late HTTP connection", e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
