package dev.postcard.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.Postcard;
import dev.postcard.event.EventCodec;
import dev.postcard.sending.SendAnswer;
import dev.postcard.sending.SendRequestJson;
import dev.postcard.sending.SendState;
import dev.postcard.sending.SendingNotConfiguredException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/** {@code POST /v1/emails}: accepts a send into the queue; {@code 202} once it is stored. */
final class SendRoutes {
    static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");
    private static final HeaderName REPLAYED = HeaderNames.create("Idempotent-Replayed");

    private final Postcard postcard;
    private final Authenticator auth;
    private final RequestBodies bodies;

    SendRoutes(Postcard postcard, Authenticator auth, RequestBodies bodies) {
        this.postcard = postcard;
        this.auth = auth;
        this.bodies = bodies;
    }

    void register(Routes routes) {
        routes.path("/v1/emails").post(this::send).done();
    }

    private void send(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        if (!postcard.sending().configured()) {
            // Before the body is read; a tenant whose chosen transports are all missing is refused by the send.
            throw new SendingNotConfiguredException();
        }
        var request = SendRequestJson.parse(bodies.json(req));
        Optional<String> key = req.headers().first(IDEMPOTENCY_KEY);
        SendAnswer answer = postcard.sending().send(caller.tenantId(), request, key);
        if (answer.replayed()) {
            res.header(REPLAYED, "true");
        }
        JsonResponses.send(res, 202, answer.toJson());
    }

    /** The {@code "send"} object of an email sent through the queue. */
    static ObjectNode render(SendState state) {
        ObjectNode out = JsonResponses.object();
        out.put("status", state.status().wireName());
        state.sendAt().ifPresentOrElse(at -> out.put("send_at", EventCodec.formatInstant(at)),
                () -> out.putNull("send_at"));
        out.put("attempts", state.attempts());
        state.transport().ifPresentOrElse(t -> out.put("transport", t), () -> out.putNull("transport"));
        state.lastError().ifPresentOrElse(e -> out.put("last_error", e), () -> out.putNull("last_error"));
        return out;
    }
}
