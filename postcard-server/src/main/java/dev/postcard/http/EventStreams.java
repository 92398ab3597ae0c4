package dev.postcard.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The open event streams: how many a tenant and the server may hold, a deadline on every write, and an end to all
 * of them when the server stops.
 *
 * <p>A stream's thread writes to the client's socket itself, so a client that stops reading fills the socket's
 * buffers and blocks the write; the server would hold the thread and the slot for as long as the client liked.
 * Each write therefore runs under a deadline: past it the thread is interrupted, which closes a socket blocked in
 * a write on a virtual thread, and the stream ends. Helidon's server has no write timeout of its own.
 */
final class EventStreams implements AutoCloseable {
    /** A stream holds a thread and polls the log; a tenant gets a bounded share of the server's streams. */
    static final int PER_TENANT = 100;
    static final int PER_SERVER = 1_000;

    private final Duration writeDeadline;
    private final ConcurrentHashMap<String, Integer> byTenant = new ConcurrentHashMap<>();
    private final Set<Thread> readers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("postcard-stream-deadlines").factory());
    private volatile boolean closed;

    EventStreams(Duration writeDeadline) {
        this.writeDeadline = writeDeadline;
    }

    /** A place for one more stream of the tenant, or 429 when the tenant or the server holds its most. */
    Slot open(String tenantId) {
        if (closed) {
            throw new HttpProblem(503, "Service Unavailable", "the server is stopping", null);
        }
        if (readers.size() >= PER_SERVER) {
            throw new RetryLater("the server holds its most event streams (" + PER_SERVER + ")", Duration.ofSeconds(30));
        }
        boolean[] taken = {false};
        byTenant.compute(tenantId, (t, n) -> {
            int held = n == null ? 0 : n;
            if (held >= PER_TENANT) {
                return held;
            }
            taken[0] = true;
            return held + 1;
        });
        if (!taken[0]) {
            throw new RetryLater("this tenant holds its most event streams (" + PER_TENANT + ")",
                    Duration.ofSeconds(30));
        }
        readers.add(Thread.currentThread());
        return new Slot(tenantId, Thread.currentThread());
    }

    boolean closed() {
        return closed;
    }

    /** Ends every stream: each reader is woken and sees {@link #closed()}. */
    @Override
    public void close() {
        closed = true;
        readers.forEach(Thread::interrupt);
        deadlines.shutdownNow();
    }

    /** One open stream: its deadline-bound writes, and its place given back on close. */
    final class Slot implements AutoCloseable {
        private final String tenantId;
        private final Thread reader;

        private Slot(String tenantId, Thread reader) {
            this.tenantId = tenantId;
            this.reader = reader;
        }

        /** Runs a write; when it takes longer than the deadline the reader is interrupted and the write fails. */
        void write(IoAction action) throws java.io.IOException {
            ScheduledFuture<?> deadline;
            try {
                deadline = deadlines.schedule(reader::interrupt, writeDeadline.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                throw new java.io.IOException("the server is stopping");
            }
            try {
                action.run();
            } finally {
                deadline.cancel(false);
            }
        }

        @Override
        public void close() {
            readers.remove(reader);
            byTenant.computeIfPresent(tenantId, (t, n) -> n <= 1 ? null : n - 1);
            Thread.interrupted(); // a deadline that fired after its write must not reach the connection's next request
        }
    }

    @FunctionalInterface
    interface IoAction {
        void run() throws java.io.IOException;
    }
}
