package dev.postcard.server.connection;

import io.helidon.common.buffers.DataReader;
import io.helidon.webserver.CloseConnectionException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Helidon's reader of a connection's bytes (through {@link TimedReads}), which looks at each request line:
 *
 * <ul>
 *   <li>It lets HTTP/1.0 requests in. Helidon 4.4 answers every one 505: its request-line parser accepts
 *       {@code HTTP/1.1} alone, with no setting, so a reverse proxy that speaks 1.0 upstream (nginx's default)
 *       would get nothing else. A server answers a 1.0 request with its own version, 1.1, in a form a 1.0
 *       client reads (RFC 9110 §6.2, RFC 9112 §2.6): the version of a 1.0 request line is read as 1.1 and the
 *       request marked as 1.0, for {@link RequestEvents} and {@link AnswerEvents}.</li>
 *   <li>It ends the connection, instead of reading another request, after the one said to be the last (an
 *       HTTP/1.0 request without keep-alive, an answer delimited by the connection's end). Helidon reads on
 *       after an answer that says {@code Connection: close}.</li>
 * </ul>
 */
final class RequestLineReader extends DataReader {
    private static final byte[] HTTP_1_0 = " HTTP/1.0".getBytes(StandardCharsets.US_ASCII);

    private final TimedReads reads;
    private boolean http10;
    private boolean lastRequest;

    RequestLineReader(TimedReads reads) {
        super(reads);
        this.reads = reads;
    }

    /** Helidon looks for the end of a request line with this before it reads it, whether it has the bytes or not. */
    @Override
    public int findNewLine(int max) throws IncorrectNewLineException {
        if (lastRequest && reads.readingRequestLine()) {
            throw new CloseConnectionException("the last request on this connection was answered");
        }
        return super.findNewLine(max);
    }

    /** Helidon reads a request line, without its CRLF, with exactly one call of this. */
    @Override
    public byte[] readBytes(int length) {
        byte[] bytes = super.readBytes(length);
        if (reads.readingRequestLine()) {
            http10 = bytes.length >= HTTP_1_0.length
                    && Arrays.equals(bytes, bytes.length - HTTP_1_0.length, bytes.length, HTTP_1_0, 0, HTTP_1_0.length);
            if (http10) {
                bytes[bytes.length - 1] = '1';
            }
        }
        return bytes;
    }

    /** Whether the request whose line was read last said HTTP/1.0. */
    boolean http10() {
        return http10;
    }

    /** The connection ends once the current request is answered. */
    void endAfterThisRequest() {
        lastRequest = true;
    }
}
