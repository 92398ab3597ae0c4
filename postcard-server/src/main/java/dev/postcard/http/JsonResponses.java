package dev.postcard.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.Page;
import dev.postcard.event.EventCodec;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;
import java.util.function.Function;

/** Writes JSON bodies and the list shape {@code {"data": [...], "next_cursor": ...}}. */
public final class JsonResponses {
    private JsonResponses() {
    }

    public static void send(ServerResponse res, int status, JsonNode body) {
        try {
            res.status(Status.create(status));
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(EventCodec.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends text that is already JSON (a stored event envelope) without parsing it again. */
    public static void sendRaw(ServerResponse res, int status, String json) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static <T> ObjectNode page(Page<T> page, Function<T, JsonNode> render) {
        ObjectNode body = EventCodec.MAPPER.createObjectNode();
        ArrayNode data = body.putArray("data");
        page.items().forEach(item -> data.add(render.apply(item)));
        page.nextCursor().ifPresentOrElse(c -> body.put("next_cursor", c), () -> body.putNull("next_cursor"));
        return body;
    }

    public static ObjectNode object() {
        return EventCodec.MAPPER.createObjectNode();
    }
}
