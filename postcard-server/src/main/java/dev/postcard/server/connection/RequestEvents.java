package dev.postcard.server.connection;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

/**
 * Helidon's events about each request received on a guarded connection: they move the request's
 * {@link RequestProgress} from line to headers to body, and make an HTTP/1.0 request one Helidon serves as a
 * 1.0 client expects (RFC 9112 §9.3): the connection ends after the answer unless the request asked for
 * {@code keep-alive}. The headers Helidon hands here are the ones it goes on to route, and writable.
 */
final class RequestEvents implements Http1ConnectionListener {
    @Override
    public void prologue(ConnectionContext connection, HttpPrologue prologue) {
        ((GuardedContext) connection).progress().requestLineRead(System.nanoTime());
    }

    @Override
    public void headers(ConnectionContext connection, Headers headers) {
        GuardedContext ctx = (GuardedContext) connection;
        ctx.progress().headersRead();
        if (ctx.reader().http10() && headers instanceof WritableHeaders<?> writable) {
            http10(ctx, writable);
        }
    }

    private static void http10(GuardedContext ctx, WritableHeaders<?> headers) {
        if (headers.contains(HeaderNames.TRANSFER_ENCODING)) {
            // RFC 9112 §6.1: in a 1.0 request, Transfer-Encoding means framing that cannot be trusted.
            throw RequestException.builder()
                    .type(DirectHandler.EventType.BAD_REQUEST)
                    .status(Status.BAD_REQUEST_400)
                    .setKeepAlive(false)
                    .message("an HTTP/1.0 request cannot use Transfer-Encoding")
                    .build();
        }
        // RFC 9110 §10.1.1: a 1.0 client does not wait for 100 Continue; its expectation is ignored.
        headers.remove(HeaderNames.EXPECT);
        if (!asksKeepAlive(headers)) {
            headers.set(HeaderValues.CONNECTION_CLOSE);
            ctx.reader().endAfterThisRequest();
        }
    }

    private static boolean asksKeepAlive(Headers headers) {
        return headers.contains(HeaderNames.CONNECTION) && headers.get(HeaderNames.CONNECTION).allValues(true).stream()
                .anyMatch(option -> option.strip().equalsIgnoreCase("keep-alive"));
    }
}
