package dev.postcard.server.connection;

import dev.postcard.server.connection.RequestProgress.Wait;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ServerConnectionException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A connection's reads from its socket, each published with its deadline while it waits, so the
 * {@link Watchdog} can end one that waits too long. Helidon 4.4 cannot: its socket option {@code readTimeout}
 * is never applied to server connections (its reads are on a blocking {@code SocketChannel}, which has no read
 * timeout), and its idle check interrupts only a connection that waits for a request line.
 *
 * <p>The read and the watchdog agree through one atomic reference: the thread publishes its {@link Wait}
 * before the read and takes it back after; the watchdog replaces an overdue one with {@code EXPIRED}. Whoever
 * swaps first decides: a read that got its bytes in time goes on, and one the watchdog expired goes no further
 * (its bytes, if any came at the last moment, are dropped with the connection).
 */
final class TimedReads implements Supplier<byte[]> {
    private static final Wait EXPIRED = new Wait(0, false);

    private final HelidonSocket socket;
    private final RequestProgress progress;
    private final AtomicReference<Wait> pending = new AtomicReference<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile BooleanSupplier readingRequestLine = () -> true;

    TimedReads(HelidonSocket socket, RequestProgress progress) {
        this.socket = socket;
        this.progress = progress;
    }

    /** How to tell that Helidon reads a request line (its connection is made after this reader). */
    void readingRequestLine(BooleanSupplier value) {
        readingRequestLine = value;
    }

    boolean readingRequestLine() {
        return readingRequestLine.getAsBoolean();
    }

    @Override
    public byte[] get() {
        Wait wait = progress.nextRead(readingRequestLine(), System.nanoTime());
        if (wait != null) {
            pending.set(wait);
        }
        byte[] bytes;
        try {
            bytes = socket.get();
        } catch (RuntimeException e) {
            if (!takeBack(wait)) {
                throw expired();
            }
            throw e instanceof UncheckedIOException io ? new ServerConnectionException("Failed to get data from socket", io) : e;
        }
        if (!takeBack(wait)) {
            throw expired();
        }
        if (bytes != null) {
            progress.received(bytes.length, System.nanoTime());
        }
        return bytes;
    }

    /** False when the watchdog expired the read first. */
    private boolean takeBack(Wait wait) {
        return wait == null || pending.compareAndSet(wait, null);
    }

    /**
     * For the watchdog: the read in progress, if overdue at {@code now}, is expired and returned; it will not
     * return to Helidon. {@code null} when nothing waits or the wait is not over.
     */
    Wait expireIfOverdue(long now) {
        Wait wait = pending.get();
        if (wait == null || wait == EXPIRED || now - wait.deadline() < 0) {
            return null;
        }
        return pending.compareAndSet(wait, EXPIRED) ? wait : null;
    }

    /** For the watchdog: what the expiry had to do (answer, close) is done. */
    void expiryDone() {
        ended.countDown();
    }

    /**
     * The thread of an expired read waits for the watchdog's answer and close before it leaves, so nothing it
     * does next (an error answer of its own) can be written in the middle of the 408.
     */
    private CloseConnectionException expired() {
        try {
            ended.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new CloseConnectionException("the client took too long to send its request");
    }
}
