package dev.postcard.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.postcard.InvalidInputException;
import dev.postcard.event.StorableText;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/** Reads request bodies within the size limit; malformed JSON is the client's error, never ours. */
public final class RequestBodies {
    /**
     * Deeply nested input is refused early rather than walked. A body is one JSON value: text after it, or a
     * field given twice (which of the two would count?), makes it malformed.
     */
    private static final ObjectMapper READER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final long maxBytes;

    RequestBodies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * A body that cannot be used as sent: over the limit (413), or cut short or badly chunked (400). After it,
     * where the next request would start is unknown, so {@link RequestFraming} answers it and ends the connection.
     */
    static final class RefusedBody extends HttpProblem {
        private RefusedBody(int status, String title, String detail) {
            super(status, title, detail, null);
        }

        static RefusedBody tooLarge(long limit) {
            return new RefusedBody(413, "Payload Too Large", "the request body is larger than " + limit + " bytes");
        }

        static RefusedBody unreadable() {
            return new RefusedBody(400, "Bad Request", "the request body could not be read: it ended before its"
                    + " declared length or its chunked encoding is malformed");
        }
    }

    /** The raw body, at most {@code maxBytes}; {@link RefusedBody} beyond, or when it cannot be read. */
    public byte[] bytes(ServerRequest req) {
        if (declaredLength(req.headers()) > maxBytes) {
            throw RefusedBody.tooLarge(maxBytes);
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        BodyStream in = BodyStream.of(req);
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
            // Drop what follows, up to the limit again, so the answer is not lost to a TCP reset.
            in.drain(maxBytes);
            throw RefusedBody.tooLarge(maxBytes);
        }
        return body;
    }

    /** The body as JSON; an empty or malformed body, or a non-JSON content type, names the problem. */
    public JsonNode json(ServerRequest req) {
        return optionalJson(req).orElseThrow(() -> new InvalidInputException("", "a JSON body is required"));
    }

    /** As {@link #json}, but an empty body is no body rather than an error (routes whose body is optional). */
    public Optional<JsonNode> optionalJson(ServerRequest req) {
        req.headers().contentType().ifPresent(type -> {
            String subtype = type.mediaType().subtype().toLowerCase(Locale.ROOT);
            if (!subtype.equals("json") && !subtype.endsWith("+json")) {
                throw HttpProblem.unsupportedMediaType("send the body as application/json");
            }
        });
        byte[] body = bytes(req);
        if (body.length == 0) {
            return Optional.empty();
        }
        StorableText.requireUtf8("", body);
        try {
            JsonNode node = READER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new InvalidInputException("", "a JSON body is required");
            }
            StorableText.check(node);
            return Optional.of(node);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("", "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            // Reading from memory fails only on bad encoding, e.g. invalid UTF-8.
            throw new InvalidInputException("", "the body is not valid JSON: " + e.getMessage());
        }
    }

    /**
     * The declared {@code Content-Length}, 0 when absent. Read as text: Helidon's typed accessor looks up a
     * mapper in its service registry on every call, which measured as most of a small request's CPU.
     * Malformed values never get here (the server refuses them first).
     */
    static long declaredLength(Headers headers) {
        Optional<String> value = headers.first(HeaderNames.CONTENT_LENGTH);
        if (value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value.get().strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Whether the request declared a form body (unsubscribe one-click). */
    static boolean isForm(ServerRequest req) {
        return req.headers().first(HeaderNames.CONTENT_TYPE)
                .map(v -> v.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"))
                .orElse(false);
    }
}
