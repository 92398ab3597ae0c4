package dev.postcard.server.connection;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

/**
 * Helidon's events about each answer sent on a guarded connection, before its head is written: once an answer
 * has begun a 408 can no longer be sent in its place, and a chunked answer to an HTTP/1.0 request is made one
 * that the connection's end delimits ({@link Http10Writer}). The headers Helidon hands here are the ones it
 * then writes, and writable.
 */
final class AnswerEvents implements Http1ConnectionListener {
    @Override
    public void status(ConnectionContext connection, Status status) {
        ((GuardedContext) connection).progress().answerStarted();
    }

    @Override
    public void headers(ConnectionContext connection, Headers headers) {
        GuardedContext ctx = (GuardedContext) connection;
        if (ctx.reader().http10() && headers.contains(HeaderValues.TRANSFER_ENCODING_CHUNKED)
                && headers instanceof WritableHeaders<?> writable) {
            writable.remove(HeaderNames.TRANSFER_ENCODING);
            writable.set(HeaderValues.CONNECTION_CLOSE);
            ctx.writer().unchunkNextAnswer();
            ctx.reader().endAfterThisRequest();
        }
    }
}
