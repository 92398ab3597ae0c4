package dev.postcard.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import java.nio.charset.StandardCharsets;

/**
 * Problem JSON for requests the web server refuses before any route sees them (a malformed request line,
 * bad percent-encoding, oversized or invalid headers), so every error a client gets has the same shape.
 * The server's own message is not echoed: it may quote internals; the status and a fixed detail suffice.
 */
public final class TransportProblems implements DirectHandler {
    private TransportProblems() {
    }

    public static DirectHandlers handlers() {
        TransportProblems handler = new TransportProblems();
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        ObjectNode body = EventCodec.MAPPER.createObjectNode();
        body.put("type", "about:blank");
        body.put("title", status.reasonPhrase());
        body.put("status", status.code());
        body.put("detail", detail(eventType));
        headers.set(HeaderNames.CONTENT_TYPE, ProblemHandlers.PROBLEM_JSON);
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .keepAlive(eventType.keepAlive())
                .entity(body.toString().getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static String detail(EventType type) {
        return switch (type) {
            case BAD_REQUEST -> "the request is not valid HTTP: check the request line, the headers and the URL's"
                    + " percent-encoding";
            case PAYLOAD_TOO_LARGE -> "the request is too large";
            case HTTP_VERSION_NOT_SUPPORTED -> "use HTTP/1.1";
            case FORBIDDEN -> "the request is not allowed";
            default -> "the server could not handle the request";
        };
    }
}
