package dev.postcard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.Postcard;
import dev.postcard.event.EventCodec;
import dev.postcard.templates.PartChange;
import dev.postcard.templates.RenderedTemplate;
import dev.postcard.templates.Template;
import dev.postcard.templates.TemplateContent;
import dev.postcard.templates.TemplatePatch;
import dev.postcard.templates.Templates;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code /v1/templates}: a tenant's Mustache templates, each change a new version, and a preview of one rendered
 * with variables. In a change, a part given as {@code null} is removed; a part left out stays as it was.
 */
final class TemplateRoutes {
    private static final Set<String> FIELDS = Set.of("name", "subject", "html", "text");
    private static final Set<String> RENDER_FIELDS = Set.of("variables", "version");
    /** Each template carries its sources (up to 1 MiB a part): pages are kept short. */
    private static final int MAX_LIMIT = 100;

    private final Templates templates;
    private final Authenticator auth;
    private final RequestBodies bodies;

    TemplateRoutes(Postcard postcard, Authenticator auth, RequestBodies bodies) {
        this.templates = postcard.templates();
        this.auth = auth;
        this.bodies = bodies;
    }

    void register(Routes routes) {
        routes.path("/v1/templates").get(this::list).post(this::create).done();
        routes.path("/v1/templates/{id}").get(this::read).patch(this::update).delete(this::delete).done();
        routes.path("/v1/templates/{id}/render").post(this::render).done();
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        JsonNode body = object(bodies.json(req), FIELDS);
        TemplateContent content = new TemplateContent(JsonFields.optionalText(body, "subject"),
                JsonFields.optionalText(body, "html"), JsonFields.optionalText(body, "text"));
        Template created = templates.create(caller.tenantId(), JsonFields.requiredText(body, "name"), content);
        JsonResponses.send(res, 201, describe(created));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        QueryParams q = new QueryParams(req);
        JsonResponses.send(res, 200, JsonResponses.page(
                templates.list(caller.tenantId(), q.cursor(), q.limit(MAX_LIMIT)), TemplateRoutes::describe));
    }

    private void read(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        String id = templateId(req);
        OptionalInt version = version(new QueryParams(req).text("version"));
        Template template = version.isPresent() ? templates.get(caller.tenantId(), id, version.getAsInt())
                : templates.get(caller.tenantId(), id);
        JsonResponses.send(res, 200, describe(template));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        JsonNode body = object(bodies.json(req), FIELDS);
        if (body.has("name") && body.get("name").isNull()) {
            throw new InvalidInputException("name", "a template keeps a name; give a new one or leave name out");
        }
        TemplatePatch patch = new TemplatePatch(JsonFields.optionalText(body, "name"), change(body, "subject"),
                change(body, "html"), change(body, "text"));
        JsonResponses.send(res, 200, describe(templates.update(caller.tenantId(), templateId(req), patch)));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        templates.delete(caller.tenantId(), templateId(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void render(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        JsonNode body = bodies.optionalJson(req).map(b -> object(b, RENDER_FIELDS))
                .orElseGet(EventCodec.MAPPER::createObjectNode);
        JsonNode variables = body.get("variables");
        if (variables != null && !variables.isNull() && !variables.isObject()) {
            throw new InvalidInputException("variables", "variables must be an object of names and values");
        }
        JsonNode version = body.get("version");
        if (version != null && !version.isNull() && !version.isIntegralNumber()) {
            throw new InvalidInputException("version", "version must be a whole number from 1");
        }
        RenderedTemplate rendered = templates.preview(caller.tenantId(), templateId(req),
                version == null || version.isNull() ? OptionalInt.empty() : version(Optional.of(version.asText())),
                variables instanceof ObjectNode given ? given : EventCodec.MAPPER.createObjectNode());
        ObjectNode node = JsonResponses.object();
        node.put("template_id", rendered.templateId());
        node.put("version", rendered.version());
        putOptional(node, "subject", rendered.subject());
        putOptional(node, "html", rendered.html());
        putOptional(node, "text", rendered.text());
        JsonResponses.send(res, 200, node);
    }

    /** A template as the API shows it; parts it does not have are {@code null}. */
    static ObjectNode describe(Template template) {
        ObjectNode node = JsonResponses.object();
        node.put("id", template.id());
        node.put("name", template.name());
        node.put("version", template.version());
        putOptional(node, "subject", template.content().subject());
        putOptional(node, "html", template.content().html());
        putOptional(node, "text", template.content().text());
        node.put("created_at", EventCodec.formatInstant(template.createdAt()));
        node.put("updated_at", EventCodec.formatInstant(template.updatedAt()));
        return node;
    }

    private static void putOptional(ObjectNode node, String field, Optional<String> value) {
        value.ifPresentOrElse(v -> node.put(field, v), () -> node.putNull(field));
    }

    /** A part in a change: left out, kept; {@code null}, removed; text, the new source. */
    private static PartChange change(JsonNode body, String field) {
        if (!body.has(field)) {
            return PartChange.KEEP;
        }
        return JsonFields.optionalText(body, field).map(PartChange::replace).orElse(PartChange.REMOVE);
    }

    private static OptionalInt version(Optional<String> text) {
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            int version = Integer.parseInt(text.get());
            if (version >= 1) {
                return OptionalInt.of(version);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("version", "version must be a whole number from 1");
    }

    private static String templateId(ServerRequest req) {
        return PathIds.of(req, "id", "template");
    }

    private static JsonNode object(JsonNode body, Set<String> fields) {
        if (!body.isObject()) {
            throw new InvalidInputException("", "the body must be a JSON object");
        }
        JsonFields.onlyKnown(body, fields);
        return body;
    }
}
