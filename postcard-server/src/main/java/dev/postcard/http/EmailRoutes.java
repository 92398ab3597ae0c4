package dev.postcard.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.ConflictException;
import dev.postcard.NotFoundException;
import dev.postcard.Postcard;
import dev.postcard.event.EventCodec;
import dev.postcard.event.Message;
import dev.postcard.event.StoredEvent;
import dev.postcard.sending.SendState;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * {@code GET /v1/emails/{id}}: a message, where it stands, its timeline and, when Postcard sent it, its place in
 * the send queue; {@code DELETE} cancels a copy that still waits.
 */
final class EmailRoutes {
    static final int TIMELINE_LIMIT = 1000;

    private final Postcard postcard;
    private final Authenticator auth;

    EmailRoutes(Postcard postcard, Authenticator auth) {
        this.postcard = postcard;
        this.auth = auth;
    }

    void register(Routes routes) {
        routes.path("/v1/emails/{id}").get(this::read).delete(this::cancel).done();
    }

    private void read(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        String id = PathIds.of(req, "id", "email");
        Optional<SendState> send = postcard.sending().find(caller.tenantId(), id);
        // A copy waiting in the queue has no message record yet: it is registered when handed over.
        Message message = postcard.emails().find(caller.tenantId(), id).or(() -> send.map(SendState::asMessage))
                .orElseThrow(() -> new NotFoundException("no email '" + id + "'"));
        ObjectNode out = render(message);
        send.ifPresent(s -> out.set("send", SendRoutes.render(s)));
        ArrayNode events = out.putArray("events");
        for (StoredEvent stored : postcard.emails().timeline(caller.tenantId(), id, TIMELINE_LIMIT)) {
            events.add(EventCodec.toNode(stored.event()));
        }
        JsonResponses.send(res, 200, out);
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        String id = PathIds.of(req, "id", "email");
        if (postcard.sending().find(caller.tenantId(), id).isEmpty()) {
            postcard.emails().find(caller.tenantId(), id)
                    .orElseThrow(() -> new NotFoundException("no email '" + id + "'"));
            throw new ConflictException("id", "email '" + id + "' was not sent through POST /v1/emails: there is no"
                    + " send to cancel");
        }
        SendState state = postcard.sending().cancel(caller.tenantId(), id);
        ObjectNode out = JsonResponses.object();
        out.put("id", state.emailId());
        out.put("to", state.to());
        out.set("send", SendRoutes.render(state));
        JsonResponses.send(res, 200, out);
    }

    static ObjectNode render(Message m) {
        ObjectNode out = JsonResponses.object();
        out.put("id", m.id());
        text(out, "to", m.to());
        text(out, "from", m.from());
        text(out, "subject", m.subject());
        ArrayNode tags = out.putArray("tags");
        m.tags().forEach(tags::add);
        out.set("metadata", m.metadata());
        text(out, "provider", m.provider());
        text(out, "provider_message_id", m.providerMessageId());
        out.put("status", m.status().wireName());
        ObjectNode opens = out.putObject("opens");
        opens.put("total", m.counters().opens());
        opens.put("human", m.counters().humanOpens());
        ObjectNode clicks = out.putObject("clicks");
        clicks.put("total", m.counters().clicks());
        clicks.put("human", m.counters().humanClicks());
        out.put("created_at", EventCodec.formatInstant(m.createdAt()));
        out.put("updated_at", EventCodec.formatInstant(m.updatedAt()));
        return out;
    }

    private static void text(ObjectNode out, String field, Optional<String> value) {
        value.ifPresentOrElse(v -> out.put(field, v), () -> out.putNull(field));
    }
}
