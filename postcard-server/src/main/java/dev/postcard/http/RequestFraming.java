package dev.postcard.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.Method;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

/**
 * Where a request's body ends must be certain before anything is done with it, or the bytes after the end the
 * server assumed are read as the next request on the connection (request smuggling, RFC 9112 §6.3 and §11.2).
 * First on every route, this filter:
 *
 * <ul>
 *   <li>refuses a request whose framing is ambiguous, with {@code Content-Length} given more than once or beside
 *       {@code Transfer-Encoding} (400), or with a transfer coding other than {@code chunked} (501);</li>
 *   <li>refuses a declared body over the limit (413) before any handler runs, and a body that does not fit in
 *       {@link BodyMemory} now (503);</li>
 *   <li>ends the connection after any answer that says {@code Connection: close}, such as the one to a body
 *       that {@link RequestBodies} found over the limit as it read it (413) or could not read (400), and after
 *       a request that said it;</li>
 *   <li>reads what a route left of a body after its answer, up to the limit, so the connection can carry the
 *       next request, and ends the connection when that cannot be read (badly chunked) or is longer. The web
 *       server would read it too, but waits for ever after a malformed chunk (see {@link BodyStream}).</li>
 * </ul>
 *
 * Each refusal answers {@code Connection: close} and ends the connection: the web server would otherwise go
 * on reading after a response that says close, and parse the refused bytes as a request. Before a refused body
 * of known length ends the connection, what is left of it is read and dropped, up to twice the limit: closing a
 * socket with unread bytes sends a TCP reset, which can destroy the 413 before a client still uploading reads
 * it. Anything longer, or of unknown framing, is cut off at once.
 */
final class RequestFraming implements Filter {
    private final long maxBytes;
    private final BodyMemory memory;

    RequestFraming(long maxBytes, BodyMemory memory) {
        this.maxBytes = maxBytes;
        this.memory = memory;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Headers headers = req.headers();
        boolean chunked = headers.contains(HeaderNames.TRANSFER_ENCODING);
        if (headers.contains(HeaderNames.CONTENT_LENGTH)) {
            Header length = headers.get(HeaderNames.CONTENT_LENGTH);
            if (length.valueCount() > 1 || length.get().indexOf(',') >= 0) {
                refuse(res, 400, "Bad Request", "Content-Length is given more than once: the body's end is ambiguous");
            }
            if (chunked) {
                refuse(res, 400, "Bad Request", "Content-Length and Transfer-Encoding are both given: send one of them");
            }
        }
        if (chunked) {
            Header coding = headers.get(HeaderNames.TRANSFER_ENCODING);
            if (coding.valueCount() > 1 || !coding.get().strip().equalsIgnoreCase("chunked")) {
                refuse(res, 501, "Not Implemented", "the only Transfer-Encoding accepted is chunked");
            }
        }
        long declared = RequestBodies.declaredLength(headers);
        boolean streamed = (chunked || declared > 0) && isSuppressionImport(req);
        if (declared > maxBytes && !streamed) {
            tooLarge(req, res, declared);
        }
        // Counted from before the body is read until the request is answered; a streamed CSV import holds
        // no more than its batch, and a chunked body is counted at the largest size.
        long held = streamed ? 0 : chunked ? maxBytes : declared;
        if (held > 0 && !memory.tryReserve(held)) {
            res.header(HeaderNames.RETRY_AFTER, "1");
            refuse(res, 503, "Service Unavailable", "the server is reading as many request bodies as it holds in"
                    + " memory at once; retry in a moment");
        }
        try {
            chain.proceed();
        } finally {
            if (held > 0) {
                memory.release(held);
            }
        }
        if (saysClose(res.headers()) || saysClose(headers)) {
            // Said close, so close: the web server would read on, and take unread bytes for the next request.
            throw new CloseConnectionException("the answer or the request said Connection: close");
        }
        if (req.content().hasEntity() && !req.content().consumed() && !BodyStream.drain(req, maxBytes)) {
            throw new CloseConnectionException("what the route left of the body is too long or cannot be read");
        }
    }

    private static boolean saysClose(Headers headers) {
        if (!headers.contains(HeaderNames.CONNECTION)) {
            return false;
        }
        for (String value : headers.get(HeaderNames.CONNECTION).allValues(true)) {
            if (value.strip().equalsIgnoreCase("close")) {
                return true;
            }
        }
        return false;
    }

    private void tooLarge(ServerRequest req, RoutingResponse res, long declared) {
        answer(res, 413, "Payload Too Large", "the request body is larger than " + maxBytes + " bytes");
        if (declared <= 2 * maxBytes) {
            BodyStream.drain(req, declared);
        }
        throw new CloseConnectionException("413: the connection ends after a refused body");
    }

    private static void refuse(RoutingResponse res, int status, String title, String detail) {
        answer(res, status, title, detail);
        throw new CloseConnectionException(status + ": the connection ends after a refused request");
    }

    private static void answer(RoutingResponse res, int status, String title, String detail) {
        res.header(HeaderValues.CONNECTION_CLOSE);
        ProblemHandlers.send(res, status, title, detail, null);
    }

    /** A CSV import of suppressions is streamed in batches, so it may be of any size. */
    private static boolean isSuppressionImport(RoutingRequest req) {
        return req.prologue().method() == Method.POST && req.path().path().endsWith("/v1/suppressions")
                && req.headers().contentType().map(t -> t.mediaType().text().equalsIgnoreCase("text/csv")).orElse(false);
    }
}
