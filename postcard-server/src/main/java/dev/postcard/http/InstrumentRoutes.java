package dev.postcard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.Postcard;
import dev.postcard.tracking.InstrumentRequest;
import dev.postcard.tracking.Instrumented;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code POST /v1/tracking/instrument}: registers a message and returns its tracked HTML and headers. */
final class InstrumentRoutes {
    private static final Set<String> FIELDS = Set.of("html", "to", "from", "subject", "tags", "metadata", "email_id");

    private final Postcard postcard;
    private final Authenticator auth;
    private final RequestBodies bodies;

    InstrumentRoutes(Postcard postcard, Authenticator auth, RequestBodies bodies) {
        this.postcard = postcard;
        this.auth = auth;
        this.bodies = bodies;
    }

    void register(Routes routes) {
        routes.path("/v1/tracking/instrument").post(this::instrument).done();
    }

    private void instrument(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        JsonNode body = bodies.json(req);
        if (!body.isObject()) {
            throw new InvalidInputException("", "the body must be a JSON object");
        }
        JsonFields.onlyKnown(body, FIELDS);
        InstrumentRequest request = new InstrumentRequest(
                JsonFields.optionalText(body, "email_id"),
                JsonFields.optionalText(body, "html"),
                JsonFields.requiredText(body, "to"),
                JsonFields.optionalText(body, "from"),
                JsonFields.optionalText(body, "subject"),
                tags(body),
                metadata(body));
        Instrumented result = postcard.tracking().instrument(caller.tenantId(), request);
        ObjectNode out = JsonResponses.object();
        out.put("email_id", result.emailId());
        result.html().ifPresentOrElse(h -> out.put("html", h), () -> out.putNull("html"));
        ObjectNode headers = out.putObject("headers");
        result.headers().forEach(headers::put);
        JsonResponses.send(res, 201, out);
    }

    private static List<String> tags(JsonNode body) {
        JsonNode tags = body.get("tags");
        List<String> out = new ArrayList<>();
        if (tags == null || tags.isNull()) {
            return out;
        }
        if (!tags.isArray()) {
            throw new InvalidInputException("tags", "tags must be an array of strings");
        }
        for (int i = 0; i < tags.size(); i++) {
            if (!tags.get(i).isTextual()) {
                throw new InvalidInputException("tags[" + i + "]", "tags must be strings");
            }
            out.add(tags.get(i).asText());
        }
        return out;
    }

    private static ObjectNode metadata(JsonNode body) {
        JsonNode metadata = body.get("metadata");
        if (metadata == null || metadata.isNull()) {
            return JsonResponses.object();
        }
        if (!metadata.isObject()) {
            throw new InvalidInputException("metadata", "metadata must be an object");
        }
        return (ObjectNode) metadata;
    }
}
