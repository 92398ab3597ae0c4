package dev.postcard.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.providers.IntakeResult;
import dev.postcard.providers.ProviderIntake;
import dev.postcard.providers.WebhookRequest;
import io.helidon.http.Header;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /track/webhook/{provider}[/{sourceId}]}: providers' webhooks, verified on the raw bytes. 200 with
 * what was stored once durable; 401 when not authentic; 400 when malformed; never a 500 for what they send.
 */
final class ProviderWebhookRoutes {
    private final ProviderIntake intake;
    private final RequestBodies bodies;

    ProviderWebhookRoutes(ProviderIntake intake, RequestBodies bodies) {
        this.intake = intake;
        this.bodies = bodies;
    }

    void register(Routes routes) {
        routes.path("/track/webhook/{provider}").post(this::receive).done();
        routes.path("/track/webhook/{provider}/{sourceId}").post(this::receive).done();
    }

    private void receive(ServerRequest req, ServerResponse res) {
        String provider = req.path().pathParameters().get("provider");
        Optional<String> sourceId = req.path().pathParameters().first("sourceId").asOptional();
        intake.requireSource(provider, sourceId); // an unknown address is refused before its body is read
        byte[] body = bodies.bytes(req);
        IntakeResult result = intake.receive(provider, sourceId, new WebhookRequest(headers(req), body, query(req)));
        JsonResponses.send(res, 200, render(result));
    }

    private static Map<String, List<String>> headers(ServerRequest req) {
        Map<String, List<String>> headers = new HashMap<>();
        for (Header header : req.headers()) {
            headers.computeIfAbsent(header.name(), n -> new ArrayList<>()).addAll(header.allValues());
        }
        return headers;
    }

    private static Map<String, List<String>> query(ServerRequest req) {
        Map<String, List<String>> query = new HashMap<>();
        for (String name : req.query().names()) {
            query.put(name, req.query().all(name));
        }
        return query;
    }

    static ObjectNode render(IntakeResult result) {
        ObjectNode node = JsonResponses.object();
        node.put("received", result.items());
        node.put("stored", result.stored());
        node.put("duplicates", result.duplicates());
        node.put("ignored", result.ignored());
        ArrayNode failed = node.putArray("failed");
        for (IntakeResult.ItemFailure f : result.failed()) {
            ObjectNode item = failed.addObject();
            item.put("index", f.index());
            if (!f.field().isEmpty()) {
                item.put("field", f.field());
            }
            item.put("error", f.error());
        }
        return node;
    }
}
