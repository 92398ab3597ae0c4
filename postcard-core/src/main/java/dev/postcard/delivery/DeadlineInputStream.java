package dev.postcard.delivery;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A socket's input that gives up at a deadline: before each read the socket's timeout is set to the time left,
 * so a receiver that trickles one byte at a time cannot stretch an attempt past it.
 */
final class DeadlineInputStream extends FilterInputStream {
    private final Socket socket;
    private final long deadlineNanos;

    DeadlineInputStream(Socket socket, long deadlineNanos) throws IOException {
        super(socket.getInputStream());
        this.socket = socket;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public int read() throws IOException {
        arm();
        return super.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        arm();
        return super.read(buffer, offset, length);
    }

    private void arm() throws IOException {
        socket.setSoTimeout(remainingMillis(deadlineNanos));
    }

    /** Whole milliseconds left, at least 1 (0 would mean no timeout at all). */
    static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("attempt deadline passed");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
    }

    static InputStream of(Socket socket, long deadlineNanos) throws IOException {
        return new DeadlineInputStream(socket, deadlineNanos);
    }
}
