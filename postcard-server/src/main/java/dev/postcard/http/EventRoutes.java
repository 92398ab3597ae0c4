package dev.postcard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.Page;
import dev.postcard.Postcard;
import dev.postcard.event.AppendResult;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventQuery;
import dev.postcard.event.EventType;
import dev.postcard.event.StoredEvent;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code /v1/events}: apps record already-normalised events and read the log. */
final class EventRoutes {
    static final int MAX_BATCH = 1000;

    private final Postcard postcard;
    private final Authenticator auth;
    private final RequestBodies bodies;

    EventRoutes(Postcard postcard, Authenticator auth, RequestBodies bodies) {
        this.postcard = postcard;
        this.auth = auth;
        this.bodies = bodies;
    }

    void register(Routes routes) {
        routes.path("/v1/events").get(this::list).post(this::create).done();
        routes.path("/v1/events/{id}").get(this::read).done();
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        JsonNode body = bodies.json(req);
        if (body.isArray()) {
            createBatch(caller, (ArrayNode) body, res);
            return;
        }
        Event event = EventCodec.fromInput(body, postcard.clock());
        AppendResult result = postcard.record(caller.tenantId(), event);
        JsonResponses.sendRaw(res, result.duplicate() ? 200 : 201, result.stored().json());
    }

    /** Valid events are recorded together; each invalid one is reported and does not stop the others. */
    private void createBatch(Caller caller, ArrayNode items, ServerResponse res) {
        if (items.isEmpty() || items.size() > MAX_BATCH) {
            throw new InvalidInputException("", "a batch holds 1 to " + MAX_BATCH + " events");
        }
        ObjectNode[] rows = new ObjectNode[items.size()];
        List<Event> valid = new ArrayList<>();
        List<Integer> validAt = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            ObjectNode row = JsonResponses.object();
            try {
                Event event = EventCodec.fromInput(item, postcard.clock());
                valid.add(event);
                validAt.add(i);
            } catch (InvalidInputException e) {
                JsonNode id = item.isObject() ? item.get("id") : null;
                row.set("id", id != null && id.isTextual() ? id : row.nullNode());
                row.put("status", "rejected");
                String field = e.field().isEmpty() ? "[" + i + "]" : "[" + i + "]." + e.field();
                row.put("error", e.getMessage());
                row.put("field", field);
            }
            rows[i] = row;
        }
        List<AppendResult> results = valid.isEmpty() ? List.of() : postcard.record(caller.tenantId(), valid);
        for (int j = 0; j < results.size(); j++) {
            ObjectNode row = rows[validAt.get(j)];
            row.put("id", results.get(j).stored().event().id());
            row.put("status", results.get(j).duplicate() ? "duplicate" : "created");
            row.putNull("error");
        }
        ObjectNode body = JsonResponses.object();
        ArrayNode data = body.putArray("data");
        for (ObjectNode row : rows) {
            data.add(row);
        }
        JsonResponses.send(res, 200, body);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        QueryParams q = new QueryParams(req);
        EventQuery query = filters(q, q.cursor(), q.limit(EventQuery.MAX_LIMIT));
        Page<StoredEvent> page = postcard.events().list(caller.tenantId(), query);
        JsonResponses.send(res, 200, JsonResponses.page(page, s -> EventCodec.toNode(s.event())));
    }

    /** The filters of {@code GET /v1/events}, shared with the event stream. */
    static EventQuery filters(QueryParams q, Optional<String> cursor, int limit) {
        return new EventQuery(
                q.text("type").map(t -> EventType.fromNameOrAlias(t)
                        .orElseThrow(() -> new InvalidInputException("type", "unknown event type '" + t + "'"))),
                q.text("email_id"), q.text("to"), q.instant("since"), q.instant("until"), cursor, limit);
    }

    private void read(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        String id = PathIds.of(req, "id", "event");
        StoredEvent stored = postcard.events().find(caller.tenantId(), id)
                .orElseThrow(() -> new NotFoundException("no event '" + id + "'"));
        JsonResponses.sendRaw(res, 200, stored.json());
    }
}
