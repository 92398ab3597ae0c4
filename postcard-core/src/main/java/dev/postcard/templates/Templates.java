package dev.postcard.templates;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.Page;
import dev.postcard.engine.Recorder;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import dev.postcard.event.StorableText;
import dev.postcard.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A tenant's email templates ({@code /v1/templates}): created, read at any version, listed, changed (each change a
 * new version; the old ones stay, as sends refer to the version they rendered), deleted, and rendered with a
 * send's variables ({@link MustacheText} says how strictly). Each change records {@code template.created},
 * {@code template.updated} or {@code template.deleted} with {@code template_id}, {@code name} and
 * {@code version}, delivered to webhooks like any event.
 *
 * <p>The event is recorded after the change commits, as for API keys: a crash between the two keeps the change
 * and loses its event.
 */
public final class Templates implements TemplateRenderer {
    public static final int MAX_NAME = 200;
    private static final TypeReference<Map<String, Object>> VARIABLES = new TypeReference<>() {
    };

    private final Database database;
    private final Recorder recorder;
    private final Clock clock;

    public Templates(Database database, Recorder recorder, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates a template at version 1.
     *
     * @throws InvalidInputException naming {@code name}, {@code subject}, {@code html} or {@code text}; an
     *                               {@link dev.postcard.UnprocessableException} for a source that does not parse
     */
    public Template create(String tenantId, String name, TemplateContent content) {
        String checkedName = checkName(name);
        content.check();
        Instant now = now();
        Template template = new Template(IdPrefix.TEMPLATE.newId(), checkedName, 1, content, now, now);
        database.transaction("create template", c -> {
            TemplateRows.insert(c, tenantId, template);
            return null;
        });
        announce(tenantId, EventType.TEMPLATE_CREATED, template, now);
        return template;
    }

    /** The template's current version; {@link NotFoundException} when the tenant has no such template. */
    public Template get(String tenantId, String templateId) {
        return find(tenantId, templateId, OptionalInt.empty());
    }

    /** Version {@code version} of the template; {@link NotFoundException} when there is no such version. */
    public Template get(String tenantId, String templateId, int version) {
        return find(tenantId, templateId, OptionalInt.of(version));
    }

    /** The tenant's templates at their current versions, newest first. */
    public Page<Template> list(String tenantId, Optional<String> cursor, int limit) {
        Page.requireLimit(limit);
        return database.read("list templates", c -> TemplateRows.list(c, tenantId, cursor, limit));
    }

    /**
     * Makes the next version: the parts the patch changes from the current version, the others as they were.
     *
     * @throws NotFoundException     when the tenant has no such template
     * @throws InvalidInputException for an empty patch, or naming the field that cannot be as given
     */
    public Template update(String tenantId, String templateId, TemplatePatch patch) {
        if (patch.isEmpty()) {
            throw new InvalidInputException("", "give at least one of name, subject, html and text to change");
        }
        Optional<String> name = patch.name().map(Templates::checkName);
        patch.checkSources(); // before the transaction: parsing a large source holds no write lock
        Instant now = now();
        Template updated = database.transaction("update template", c -> {
            TemplateRows.Advanced advanced = TemplateRows.advance(c, tenantId, templateId, name, now)
                    .orElseThrow(() -> notFound(templateId));
            Template previous = TemplateRows.find(c, tenantId, templateId, OptionalInt.of(advanced.version() - 1))
                    .orElseThrow(() -> notFound(templateId));
            TemplateContent content = patch.apply(previous.content());
            content.requireBody(); // throwing rolls the new version back
            Template next = new Template(templateId, advanced.name(), advanced.version(), content,
                    advanced.createdAt(), now);
            TemplateRows.insertVersion(c, tenantId, next);
            return next;
        });
        announce(tenantId, EventType.TEMPLATE_UPDATED, updated, now);
        return updated;
    }

    /** Deletes the template: it is no longer found, listed or rendered; its versions stay stored. */
    public void delete(String tenantId, String templateId) {
        Instant now = now();
        Template deleted = database.transaction("delete template", c -> {
            Template current = TemplateRows.find(c, tenantId, templateId, OptionalInt.empty())
                    .orElseThrow(() -> notFound(templateId));
            if (!TemplateRows.markDeleted(c, tenantId, templateId, now)) {
                throw notFound(templateId); // deleted by another request since it was read
            }
            return current;
        });
        announce(tenantId, EventType.TEMPLATE_DELETED, deleted, now);
    }

    @Override
    public RenderedTemplate render(String tenantId, String templateId, ObjectNode variables) {
        return render(get(tenantId, templateId), variables);
    }

    /**
     * Renders the current version, or {@code version} when given: what {@code POST /v1/templates/{id}/render}
     * shows before anything is sent.
     */
    public RenderedTemplate preview(String tenantId, String templateId, OptionalInt version, ObjectNode variables) {
        return render(find(tenantId, templateId, version), variables);
    }

    private static RenderedTemplate render(Template template, ObjectNode variables) {
        Map<String, Object> values = variables == null ? Map.of() : EventCodec.MAPPER.convertValue(variables, VARIABLES);
        TemplateContent content = template.content();
        // A header is one line: line breaks a variable brings into the subject become spaces.
        Optional<String> subject = content.subject().map(s -> MustacheText.render(MustacheText.Part.SUBJECT, s, values)
                .replaceAll("[\\r\\n]+", " "));
        Optional<String> html = content.html().map(h -> MustacheText.render(MustacheText.Part.HTML, h, values));
        Optional<String> text = content.text().map(t -> MustacheText.render(MustacheText.Part.TEXT, t, values));
        return new RenderedTemplate(template.id(), template.version(), subject, html, text);
    }

    private Template find(String tenantId, String templateId, OptionalInt version) {
        return database.read("read template", c -> TemplateRows.find(c, tenantId, templateId, version))
                .orElseThrow(() -> version.isPresent()
                        ? new NotFoundException("template " + templateId + " has no version " + version.getAsInt())
                        : notFound(templateId));
    }

    private void announce(String tenantId, EventType type, Template template, Instant at) {
        ObjectNode data = EventCodec.MAPPER.createObjectNode();
        data.put("template_id", template.id());
        data.put("name", template.name());
        data.put("version", template.version());
        recorder.record(tenantId, new Event(IdPrefix.EVENT.newId(), type, at, data));
    }

    private static String checkName(String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_NAME) {
            throw new InvalidInputException("name", "name is required, at most " + MAX_NAME + " characters");
        }
        StorableText.check("name", stripped);
        return stripped;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static NotFoundException notFound(String templateId) {
        return new NotFoundException("no template " + templateId);
    }
}
