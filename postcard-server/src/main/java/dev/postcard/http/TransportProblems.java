package dev.postcard.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * Problem JSON for requests the web server refuses before any route sees them (a malformed request line,
 * bad percent-encoding, oversized or invalid headers, a request too slow to arrive), so every error a client
 * gets has the same shape.
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

    /**
     * A whole answer for the server to write by itself, outside any request's handling (to a request that took
     * too long to arrive), in the same shape; it says {@code Connection: close}, and the connection ends after it.
     */
    public static byte[] closingAnswer(Status status, String detail) {
        byte[] body = problem(status, detail).toString().getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status.code() + " " + status.reasonPhrase() + "\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\r\n"
                + "Connection: close\r\n"
                + "Content-Type: " + ProblemHandlers.PROBLEM_JSON + "\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] answer = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, answer, headBytes.length, body.length);
        return answer;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        ObjectNode body = problem(status, detail(eventType));
        headers.set(HeaderNames.CONTENT_TYPE, ProblemHandlers.PROBLEM_JSON);
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .keepAlive(eventType.keepAlive())
                .entity(body.toString().getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static ObjectNode problem(Status status, String detail) {
        ObjectNode body = EventCodec.MAPPER.createObjectNode();
        body.put("type", "about:blank");
        body.put("title", status.reasonPhrase());
        body.put("status", status.code());
        body.put("detail", detail);
        return body;
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
