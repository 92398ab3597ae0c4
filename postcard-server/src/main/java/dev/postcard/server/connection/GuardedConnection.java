package dev.postcard.server.connection;

import dev.postcard.http.TransportProblems;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.http.Status;
import io.helidon.webserver.spi.ServerConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One connection: Helidon's HTTP/1.1 connection on a {@link GuardedContext}, run only when its client has a
 * free slot (otherwise it ends at once, unanswered, and Helidon closes the socket), and watched by the
 * {@link Watchdog} for as long as it runs.
 */
final class GuardedConnection implements ServerConnection, InterruptableTask<Void> {
    private final GuardedContext ctx;
    private final ServerConnection http1;
    private final ClientSlots slots;
    private final Watchdog watchdog;

    GuardedConnection(GuardedContext ctx, ServerConnection http1, ClientSlots slots, Watchdog watchdog) {
        this.ctx = ctx;
        this.http1 = http1;
        this.slots = slots;
        this.watchdog = watchdog;
        ctx.reads().readingRequestLine(this::canInterrupt);
    }

    TimedReads reads() {
        return ctx.reads();
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
        InetAddress client = ((InetSocketAddress) ctx.remotePeer().address()).getAddress(); // a TCP listener
        if (!slots.take(client)) {
            return;
        }
        watchdog.watch(this);
        try {
            http1.handle(limit);
        } finally {
            watchdog.forget(this);
            slots.release(client);
        }
    }

    /**
     * Helidon's connection can be interrupted exactly while it reads a request line (and is otherwise busy
     * with a request): what tells {@link RequestProgress} that the previous request is done.
     */
    @Override
    public boolean canInterrupt() {
        return http1 instanceof InterruptableTask<?> task && task.canInterrupt();
    }

    @Override
    public Duration idleTime() {
        return http1.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
        http1.close(interrupt);
    }

    /** For the watchdog, whose expiry of this connection's read keeps its own thread from writing meanwhile. */
    void endLate(boolean answerable) {
        try {
            if (answerable) {
                ctx.socketWriter().writeNow(BufferData.create(TransportProblems.closingAnswer(Status.REQUEST_TIMEOUT_408,
                        "the request took too long to arrive")));
            }
        } catch (RuntimeException e) {
            // the client is gone: there is no one to answer
        } finally {
            closeSocket();
            ctx.reads().expiryDone();
        }
    }

    void closeSocket() {
        try {
            ctx.serverSocket().close();
        } catch (RuntimeException e) {
            // closed already
        }
    }
}
