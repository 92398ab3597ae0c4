package dev.postcard.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.ConflictException;
import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.providers.SubscriptionConfirmationException;
import dev.postcard.providers.WebhookRejectedException;
import dev.postcard.sending.SendingNotConfiguredException;
import dev.postcard.StorageUnavailableException;
import dev.postcard.UnprocessableException;
import dev.postcard.event.EventCodec;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The one place where exceptions become RFC 9457 problem JSON. */
public final class ProblemHandlers {
    private static final Logger LOG = Logger.getLogger(ProblemHandlers.class.getName());
    public static final String PROBLEM_JSON = "application/problem+json";

    private ProblemHandlers() {
    }

    public static void register(HttpRouting.Builder routing) {
        routing.error(RequestBodies.RefusedBody.class, (req, res, e) -> {
                    // What is left of the body cannot be told from the next request: RequestFraming closes.
                    res.header(HeaderValues.CONNECTION_CLOSE);
                    send(res, e.status(), e.title(), e.getMessage(), e.field());
                })
                .error(RetryLater.class, (req, res, e) -> {
                    res.header(HeaderNames.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
                    send(res, e.status(), e.title(), e.getMessage(), e.field());
                })
                .error(HttpProblem.class, (req, res, e) -> send(res, e.status(), e.title(), e.getMessage(), e.field()))
                .error(UnprocessableException.class, (req, res, e) ->
                        send(res, 422, "Unprocessable Content", e.getMessage(), e.field()))
                .error(InvalidInputException.class, (req, res, e) ->
                        send(res, 400, "Bad Request", e.getMessage(), e.field()))
                .error(WebhookRejectedException.class, (req, res, e) ->
                        send(res, 401, "Unauthorized", e.getMessage(), null))
                .error(SubscriptionConfirmationException.class, (req, res, e) ->
                        send(res, 502, "Bad Gateway", e.getMessage(), null))
                .error(NotFoundException.class, (req, res, e) -> send(res, 404, "Not Found", e.getMessage(), null))
                .error(ConflictException.class, (req, res, e) -> send(res, 409, "Conflict", e.getMessage(), e.field()))
                .error(SendingNotConfiguredException.class, (req, res, e) ->
                        send(res, 503, "Service Unavailable", e.getMessage(), null))
                .error(StorageUnavailableException.class, (req, res, e) -> {
                    LOG.log(Level.WARNING, "the database is unavailable: " + e.getMessage());
                    res.header(HeaderNames.RETRY_AFTER, "5");
                    send(res, 503, "Service Unavailable", "the database is not available; nothing was stored, retry"
                            + " shortly", null);
                })
                .error(HttpException.class, (req, res, e) -> send(res, e.status().code(), e.status().reasonPhrase(),
                        e.getMessage(), null))
                .error(Exception.class, ProblemHandlers::unexpected);
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        LOG.log(Level.SEVERE, "unexpected failure on " + req.prologue().method().text() + " "
                + req.path().path(), e);
        send(res, 500, "Internal Server Error", "the server failed to handle the request; it has been logged", null);
    }

    public static void send(ServerResponse res, int status, String title, String detail, String field) {
        ObjectNode body = EventCodec.MAPPER.createObjectNode();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (field != null && !field.isEmpty()) {
            body.put("field", field);
        }
        if (res.isSent()) {
            return;
        }
        res.status(Status.create(status));
        if (status == 401) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer"); // RFC 9110 §11.6.1: a 401 names its scheme
        }
        res.header(HeaderNames.CONTENT_TYPE, PROBLEM_JSON);
        try {
            res.send(body.toString().getBytes(StandardCharsets.UTF_8));
        } catch (UncheckedIOException e) {
            // The client went away (a reset, a closed socket): nobody is left to read the answer, and nothing
            // is wrong with the server. One quiet line, no stack trace: scanners and flaky networks do this.
            LOG.fine(() -> "the client left before its " + status + " answer: " + e.getMessage());
        }
    }
}
