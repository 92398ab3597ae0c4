package dev.postcard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.Postcard;
import dev.postcard.delivery.AttemptOutcome;
import dev.postcard.delivery.Delivery;
import dev.postcard.delivery.DeliveryAttempt;
import dev.postcard.delivery.DeliveryStatus;
import dev.postcard.delivery.EndpointLimit;
import dev.postcard.delivery.Webhook;
import dev.postcard.delivery.WebhookEndpoints;
import dev.postcard.event.EventCodec;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /v1/webhooks} and {@code /v1/deliveries}: a tenant's endpoints and what was sent to them. The secret
 * is shown in the answer to the creation and to a rotation, never on reads.
 */
final class WebhookRoutes {
    private static final Set<String> CREATE_FIELDS = Set.of("url", "events", "enabled", "description", "secret");
    private static final Set<String> PATCH_FIELDS = Set.of("url", "events", "enabled", "description");
    private static final Set<String> ROTATE_FIELDS = Set.of("secret");
    private static final Set<String> REPLAY_FIELDS = Set.of("since", "until", "types", "dry_run");
    private static final Set<String> TEST_FIELDS = Set.of("event_type");
    private static final String DEFAULT_TEST_TYPE = "email.delivered";

    private final Postcard postcard;
    private final Authenticator auth;
    private final RequestBodies bodies;
    private final WebhookEndpoints endpoints;

    WebhookRoutes(Postcard postcard, Authenticator auth, RequestBodies bodies) {
        this.postcard = postcard;
        this.auth = auth;
        this.bodies = bodies;
        this.endpoints = postcard.webhooks();
    }

    void register(Routes routes) {
        routes.path("/v1/webhooks").get(this::list).post(this::create).done();
        routes.path("/v1/webhooks/{id}").get(this::read).patch(this::update).delete(this::delete).done();
        routes.path("/v1/webhooks/{id}/rotate-secret").post(this::rotateSecret).done();
        routes.path("/v1/webhooks/{id}/deliveries").get(this::listDeliveries).done();
        routes.path("/v1/webhooks/{id}/replay").post(this::replay).done();
        routes.path("/v1/webhooks/{id}/test").post(this::sendTest).done();
        routes.path("/v1/deliveries/{id}").get(this::readDelivery).done();
        routes.path("/v1/deliveries/{id}/retry").post(this::retry).done();
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        JsonNode body = object(bodies.json(req), CREATE_FIELDS);
        WebhookEndpoints.Created created = endpoints.create(caller.tenantId(), JsonFields.requiredText(body, "url"),
                requiredTexts(body, "events"), JsonFields.optionalBoolean(body, "enabled"),
                JsonFields.optionalText(body, "description"), JsonFields.optionalText(body, "secret"));
        Webhook webhook = created.webhook();
        ObjectNode node = JsonResponses.object();
        node.put("id", webhook.id());
        node.put("url", webhook.url());
        node.set("events", events(webhook));
        node.put("enabled", webhook.enabled());
        node.put("description", webhook.description());
        node.put("secret", created.secret());
        node.put("created_at", EventCodec.formatInstant(webhook.createdAt()));
        JsonResponses.send(res, 201, node);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        QueryParams q = new QueryParams(req);
        JsonResponses.send(res, 200, JsonResponses.page(
                endpoints.list(caller.tenantId(), q.cursor(), q.limit(500)), WebhookRoutes::render));
    }

    private void read(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        Webhook webhook = endpoints.find(caller.tenantId(), webhookId(req));
        ObjectNode node = render(webhook);
        // This node's view only: each node finds its own limit for the endpoint.
        EndpointLimit.Snapshot concurrency = postcard.deliveryConcurrency(webhook.id());
        ObjectNode limit = node.putObject("concurrency");
        limit.put("limit", concurrency.limit());
        limit.put("in_flight", concurrency.inFlight());
        JsonResponses.send(res, 200, node);
    }

    private void update(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        JsonNode body = object(bodies.json(req), PATCH_FIELDS);
        Optional<List<String>> events = body.hasNonNull("events") ? Optional.of(requiredTexts(body, "events"))
                : Optional.empty();
        WebhookEndpoints.Patch patch = new WebhookEndpoints.Patch(JsonFields.optionalText(body, "url"), events,
                JsonFields.optionalBoolean(body, "enabled"), JsonFields.optionalText(body, "description"));
        JsonResponses.send(res, 200, render(endpoints.update(caller.tenantId(), webhookId(req), patch)));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        endpoints.delete(caller.tenantId(), webhookId(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void rotateSecret(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        Optional<String> secret = bodies.optionalJson(req).map(body -> object(body, ROTATE_FIELDS))
                .flatMap(body -> JsonFields.optionalText(body, "secret"));
        WebhookEndpoints.RotatedSecret rotated = endpoints.rotateSecret(caller.tenantId(), webhookId(req), secret);
        ObjectNode node = JsonResponses.object();
        node.put("secret", rotated.secret());
        node.put("previous_secret_expires_at", EventCodec.formatInstant(rotated.previousSecretExpiresAt()));
        JsonResponses.send(res, 200, node);
    }

    /**
     * Sends a sample of the type at once, stored nowhere, and answers with how the endpoint took it. Without a
     * body, or without {@code event_type}, the sample is an {@code email.delivered}, as the CLI's default.
     */
    private void sendTest(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        Optional<JsonNode> body = bodies.optionalJson(req).map(b -> object(b, TEST_FIELDS));
        String eventType = body.flatMap(b -> JsonFields.optionalText(b, "event_type")).orElse(DEFAULT_TEST_TYPE);
        Webhook webhook = endpoints.find(caller.tenantId(), webhookId(req));
        JsonResponses.send(res, 200, render(postcard.sendTest(webhook, eventType)));
    }

    static ObjectNode render(AttemptOutcome outcome) {
        ObjectNode node = JsonResponses.object();
        node.put("latency_ms", outcome.latency().toMillis());
        switch (outcome) {
            case AttemptOutcome.Delivered d -> {
                node.put("success", true);
                node.put("status", d.status());
                node.put("response", d.excerpt());
                node.putNull("error");
            }
            case AttemptOutcome.Rejected r -> {
                node.put("success", false);
                node.put("status", r.status());
                node.put("response", r.excerpt());
                node.put("error", "the endpoint answered " + r.status());
            }
            case AttemptOutcome.Failed f -> {
                node.put("success", false);
                node.putNull("status");
                node.putNull("response");
                node.put("error_class", f.errorClass().name().toLowerCase(Locale.ROOT));
                node.put("error", f.message());
            }
        }
        return node;
    }

    private void replay(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        JsonNode body = object(bodies.json(req), REPLAY_FIELDS);
        Instant since = instant(body, "since");
        Instant until = instant(body, "until");
        List<String> types = body.hasNonNull("types") ? requiredTexts(body, "types") : List.of();
        ObjectNode node = JsonResponses.object();
        // A dry run counts what the replay would send (checked the same way) so a client can show progress.
        if (JsonFields.optionalBoolean(body, "dry_run").orElse(false)) {
            node.put("events", endpoints.countReplay(caller.tenantId(), webhookId(req), since, until, types));
            JsonResponses.send(res, 200, node);
            return;
        }
        int replayed = endpoints.replay(caller.tenantId(), webhookId(req), since, until, types);
        node.put("replayed", replayed);
        JsonResponses.send(res, 202, node);
    }

    private void listDeliveries(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        QueryParams q = new QueryParams(req);
        Optional<DeliveryStatus> status = q.text("status").map(s -> DeliveryStatus.fromWireName(s).orElseThrow(
                () -> new InvalidInputException("status", "status must be pending, succeeded or failed")));
        JsonResponses.send(res, 200, JsonResponses.page(endpoints.deliveries(caller.tenantId(), webhookId(req),
                status, q.cursor(), q.limit(500)), WebhookRoutes::render));
    }

    private void readDelivery(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        String id = PathIds.of(req, "id", "delivery");
        Delivery delivery = endpoints.findDelivery(caller.tenantId(), id)
                .orElseThrow(() -> new NotFoundException("delivery " + id + " does not exist"));
        ObjectNode node = render(delivery);
        ArrayNode attempts = node.putArray("attempt_log");
        endpoints.attempts(caller.tenantId(), id).forEach(a -> attempts.add(render(a)));
        JsonResponses.send(res, 200, node);
    }

    private void retry(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        JsonResponses.send(res, 200, render(endpoints.retry(caller.tenantId(), PathIds.of(req, "id", "delivery"))));
    }

    static ObjectNode render(Webhook webhook) {
        ObjectNode node = JsonResponses.object();
        node.put("id", webhook.id());
        node.put("url", webhook.url());
        node.set("events", events(webhook));
        node.put("enabled", webhook.enabled());
        webhook.disabledReason().ifPresent(reason -> node.put("disabled_reason", reason));
        node.put("description", webhook.description());
        node.put("created_at", EventCodec.formatInstant(webhook.createdAt()));
        node.put("updated_at", EventCodec.formatInstant(webhook.updatedAt()));
        return node;
    }

    static ObjectNode render(Delivery delivery) {
        ObjectNode node = JsonResponses.object();
        node.put("id", delivery.id());
        node.put("webhook_id", delivery.webhookId());
        node.put("event_id", delivery.eventId());
        node.put("status", delivery.status().wireName());
        node.put("attempts", delivery.attempts());
        if (delivery.status() == DeliveryStatus.PENDING) {
            node.put("next_attempt_at", EventCodec.formatInstant(delivery.nextAttemptAt()));
        } else {
            node.putNull("next_attempt_at");
        }
        delivery.lastStatusCode().ifPresentOrElse(code -> node.put("last_status_code", code),
                () -> node.putNull("last_status_code"));
        delivery.lastError().ifPresentOrElse(error -> node.put("last_error", error), () -> node.putNull("last_error"));
        node.put("created_at", EventCodec.formatInstant(delivery.createdAt()));
        delivery.completedAt().ifPresentOrElse(t -> node.put("completed_at", EventCodec.formatInstant(t)),
                () -> node.putNull("completed_at"));
        return node;
    }

    static ObjectNode render(DeliveryAttempt attempt) {
        ObjectNode node = JsonResponses.object();
        node.put("time", EventCodec.formatInstant(attempt.attemptedAt()));
        attempt.statusCode().ifPresentOrElse(code -> node.put("status_code", code), () -> node.putNull("status_code"));
        node.put("latency_ms", attempt.latency().toMillis());
        attempt.responseExcerpt().ifPresentOrElse(text -> node.put("response_excerpt", text),
                () -> node.putNull("response_excerpt"));
        attempt.errorClass().ifPresentOrElse(c -> node.put("error_class", c), () -> node.putNull("error_class"));
        attempt.error().ifPresentOrElse(e -> node.put("error", e), () -> node.putNull("error"));
        return node;
    }

    private static ArrayNode events(Webhook webhook) {
        ArrayNode events = JsonResponses.object().arrayNode();
        webhook.events().forEach(events::add);
        return events;
    }

    private static String webhookId(ServerRequest req) {
        return PathIds.of(req, "id", "webhook");
    }

    private static JsonNode object(JsonNode body, Set<String> fields) {
        if (!body.isObject()) {
            throw new InvalidInputException("", "the body must be a JSON object");
        }
        JsonFields.onlyKnown(body, fields);
        return body;
    }

    private static List<String> requiredTexts(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidInputException(field, field + " is required");
        }
        if (!value.isArray()) {
            throw new InvalidInputException(field, field + " must be an array of strings");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new InvalidInputException(field, field + " must be an array of strings");
            }
            texts.add(item.asText());
        }
        return texts;
    }

    private static Instant instant(JsonNode body, String field) {
        String text = JsonFields.requiredText(body, field);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, field + " must be an ISO 8601 timestamp, such as 2026-11-22T10:30:05Z");
        }
    }
}
