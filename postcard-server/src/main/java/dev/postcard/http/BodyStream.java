package dev.postcard.http;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A request's body, read once through this stream (one per request, kept in its context). A body that cannot
 * be read (cut short, badly chunked) is a {@link RequestBodies.RefusedBody}: 400, and the connection closes.
 * After such a failure nothing more is read: Helidon's own stream, closed after a malformed chunk, reads on
 * for the next chunk and waits for bytes that may never come, leaving the client without its answer.
 * A {@link CloseConnectionException} (the client was too slow, and has had its 408) passes as it is.
 */
final class BodyStream extends InputStream {
    private final ServerRequest req;
    private InputStream in;
    private boolean failed;
    private boolean ended;

    private BodyStream(ServerRequest req) {
        this.req = req;
    }

    /** The request's body stream, made on first use. */
    static BodyStream of(ServerRequest req) {
        return req.context().get(BodyStream.class).orElseGet(() -> {
            BodyStream stream = new BodyStream(req);
            req.context().register(stream);
            return stream;
        });
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (failed) {
            throw RequestBodies.RefusedBody.unreadable();
        }
        if (ended) {
            return -1;
        }
        try {
            if (in == null) {
                in = req.content().inputStream();
            }
            int n = in.read(buffer, offset, length);
            ended = n < 0;
            return n;
        } catch (CloseConnectionException e) {
            failed = true;
            throw e;
        } catch (Exception e) {
            // Only the client's bytes are read here: a body that ends early or is badly chunked is its mistake.
            failed = true;
            throw RequestBodies.RefusedBody.unreadable();
        }
    }

    @Override
    public byte[] readNBytes(int length) {
        try {
            return super.readNBytes(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // read above throws none
        }
    }

    /**
     * After the answer: reads and drops what is left of the body, up to {@code limit} bytes; true when its end
     * was reached, false when it is longer or could not be read, and the connection must close. A body that
     * was never asked for, from a client that waits for {@code 100 Continue} before it sends one, is not asked
     * for now: the web server would send the 100 after the answer, where the client reads it as the next one.
     */
    static boolean drain(ServerRequest req, long limit) {
        if (req.context().get(BodyStream.class).isEmpty() && req.headers().contains(HeaderValues.EXPECT_100)) {
            return false;
        }
        return of(req).drain(limit);
    }

    /**
     * Reads and drops what is left of the body, up to {@code limit} bytes; true when its end was reached, false
     * when it is longer or could not be read (the connection must then close).
     */
    boolean drain(long limit) {
        if (ended) {
            return true;
        }
        byte[] sink = new byte[16 * 1024];
        try {
            for (long left = limit + 1; left > 0; ) {
                int n = read(sink, 0, (int) Math.min(sink.length, left));
                if (n < 0) {
                    return true;
                }
                left -= n;
            }
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Closing leaves the body as it is: {@link RequestFraming} reads what a route left of it, or closes the connection. */
    @Override
    public void close() {
    }
}
