package dev.postcard.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.Page;
import dev.postcard.Postcard;
import dev.postcard.UnprocessableException;
import dev.postcard.delivery.Delivery;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventQuery;
import dev.postcard.event.EventType;
import dev.postcard.event.StoredEvent;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import dev.postcard.tracking.InstrumentRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Templates stored, versioned, rendered and announced, on each database. */
class TemplatesTest {
    private static final String TENANT = "default";
    private static final TemplateContent WELCOME = content("Welcome, {{name}}", "<p>Hi {{name}}</p>",
            "Hi {{name}}");

    private static Postcard open(TestDatabase db, MovableClock clock) {
        return Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).clock(clock).build();
    }

    private static TemplateContent content(String subject, String html, String text) {
        return new TemplateContent(Optional.ofNullable(subject), Optional.ofNullable(html), Optional.ofNullable(text));
    }

    private static ObjectNode variables(String... pairs) {
        ObjectNode node = EventCodec.MAPPER.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            node.put(pairs[i], pairs[i + 1]);
        }
        return node;
    }

    private static List<StoredEvent> events(Postcard postcard, String tenant, EventType type) {
        return postcard.store().listEvents(tenant, new EventQuery(Optional.of(type), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 100)).items();
    }

    @EachDatabase
    void aCreatedTemplateIsReadListedAndRendered(TestDatabase db) {
        MovableClock clock = MovableClock.atStart();
        try (Postcard postcard = open(db, clock)) {
            Templates templates = postcard.templates();
            Template created = templates.create(TENANT, "  Welcome  ", WELCOME);

            assertThat(created.id()).startsWith("tpl_");
            assertThat(created.name()).as("the name is stripped").isEqualTo("Welcome");
            assertThat(created.version()).isEqualTo(1);
            assertThat(created.createdAt()).isEqualTo(MovableClock.START).isEqualTo(created.updatedAt());
            assertThat(templates.get(TENANT, created.id())).isEqualTo(created);
            assertThat(templates.list(TENANT, Optional.empty(), 10).items()).containsExactly(created);

            RenderedTemplate rendered = templates.render(TENANT, created.id(), variables("name", "Ada & Bo"));
            assertThat(rendered).isEqualTo(new RenderedTemplate(created.id(), 1, Optional.of("Welcome, Ada & Bo"),
                    Optional.of("<p>Hi Ada &amp; Bo</p>"), Optional.of("Hi Ada & Bo")));
        }
    }

    @EachDatabase
    void everyUpdateAddsAVersionAndTheOldOnesStay(TestDatabase db) {
        MovableClock clock = MovableClock.atStart();
        try (Postcard postcard = open(db, clock)) {
            Templates templates = postcard.templates();
            String id = templates.create(TENANT, "Welcome", WELCOME).id();
            clock.advance(Duration.ofMinutes(1));

            Template second = templates.update(TENANT, id, new TemplatePatch(Optional.empty(), PartChange.KEEP,
                    PartChange.replace("<h1>Hello {{name}}</h1>"), PartChange.KEEP));
            assertThat(second.version()).isEqualTo(2);
            assertThat(second.content()).as("only the html changed")
                    .isEqualTo(content("Welcome, {{name}}", "<h1>Hello {{name}}</h1>", "Hi {{name}}"));
            assertThat(second.updatedAt()).isEqualTo(MovableClock.START.plus(Duration.ofMinutes(1)));
            assertThat(second.createdAt()).isEqualTo(MovableClock.START);

            Template third = templates.update(TENANT, id, new TemplatePatch(Optional.of("Hello"), PartChange.REMOVE,
                    PartChange.KEEP, PartChange.REMOVE));
            assertThat(third.version()).isEqualTo(3);
            assertThat(third.name()).isEqualTo("Hello");
            assertThat(third.content()).isEqualTo(content(null, "<h1>Hello {{name}}</h1>", null));
            Template renamed = templates.update(TENANT, id, new TemplatePatch(Optional.of("Hi there"),
                    PartChange.KEEP, PartChange.KEEP, PartChange.KEEP));
            assertThat(renamed.version()).as("a new name is a new version too").isEqualTo(4);
            assertThat(renamed.content()).isEqualTo(third.content());

            assertThat(templates.get(TENANT, id)).isEqualTo(renamed);
            assertThat(templates.get(TENANT, id, 1).content()).isEqualTo(WELCOME);
            assertThat(templates.get(TENANT, id, 2)).isEqualTo(new Template(id, "Hi there", 2, second.content(),
                    second.createdAt(), second.updatedAt()));
            assertThat(templates.preview(TENANT, id, OptionalInt.of(1), variables("name", "Bo")).text())
                    .hasValue("Hi Bo");
            assertThat(templates.render(TENANT, id, variables("name", "Bo")))
                    .isEqualTo(new RenderedTemplate(id, 4, Optional.empty(), Optional.of("<h1>Hello Bo</h1>"),
                            Optional.empty()));
            assertThatThrownBy(() -> templates.get(TENANT, id, 5)).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("version 5");
            assertThatThrownBy(() -> templates.get(TENANT, id, 0)).isInstanceOf(NotFoundException.class);
        }
    }

    @EachDatabase
    void anUpdateThatCannotBeIsRefusedAndMakesNoVersion(TestDatabase db) {
        try (Postcard postcard = open(db, MovableClock.atStart())) {
            Templates templates = postcard.templates();
            Template created = templates.create(TENANT, "Welcome", WELCOME);
            String id = created.id();

            assertThatThrownBy(() -> templates.update(TENANT, id, new TemplatePatch(Optional.empty(),
                    PartChange.KEEP, PartChange.REMOVE, PartChange.REMOVE)))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("html"));
            assertThatThrownBy(() -> templates.update(TENANT, id, new TemplatePatch(Optional.empty(),
                    PartChange.KEEP, PartChange.replace("{{#x}}"), PartChange.KEEP)))
                    .isInstanceOfSatisfying(UnprocessableException.class, e -> assertThat(e.field()).isEqualTo("html"));
            assertThatThrownBy(() -> templates.update(TENANT, id, new TemplatePatch(Optional.of(" "),
                    PartChange.KEEP, PartChange.KEEP, PartChange.KEEP)))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("name"));
            assertThatThrownBy(() -> templates.update(TENANT, id, new TemplatePatch(Optional.empty(),
                    PartChange.KEEP, PartChange.KEEP, PartChange.KEEP))).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> templates.update(TENANT, "tpl_nope", new TemplatePatch(Optional.of("x"),
                    PartChange.KEEP, PartChange.KEEP, PartChange.KEEP))).isInstanceOf(NotFoundException.class);

            assertThat(templates.get(TENANT, id)).isEqualTo(created);
            assertThatThrownBy(() -> templates.get(TENANT, id, 2)).isInstanceOf(NotFoundException.class);
            assertThat(events(postcard, TENANT, EventType.TEMPLATE_UPDATED)).isEmpty();
        }
    }

    @EachDatabase
    void contentThatCannotBeATemplateIsRefusedNamingTheField(TestDatabase db) {
        try (Postcard postcard = open(db, MovableClock.atStart())) {
            Templates templates = postcard.templates();
            String large = "x".repeat(TemplateContent.MAX_PART_BYTES - 1) + "é";
            record Case(String name, TemplateContent content, Class<?> problem, String field) {
            }
            List<Case> cases = List.of(
                    new Case("", WELCOME, InvalidInputException.class, "name"),
                    new Case("n".repeat(201), WELCOME, InvalidInputException.class, "name"),
                    new Case("ok", content("s".repeat(999), "<p>x</p>", null), InvalidInputException.class, "subject"),
                    new Case("ok", content("two\nlines", "<p>x</p>", null), InvalidInputException.class, "subject"),
                    new Case("ok", content(" ", "<p>x</p>", null), InvalidInputException.class, "subject"),
                    new Case("ok", content("Hi {{#name}}", "<p>x</p>", null), UnprocessableException.class, "subject"),
                    new Case("ok", content("Hi", null, null), InvalidInputException.class, "html"),
                    new Case("ok", content("Hi", large, null), InvalidInputException.class, "html"),
                    new Case("ok", content("Hi", null, large), InvalidInputException.class, "text"),
                    new Case("ok", content("Hi", "  ", null), InvalidInputException.class, "html"),
                    new Case("ok", content("Hi", "{{/p}}", null), UnprocessableException.class, "html"),
                    new Case("ok", content("Hi", "{{> footer}}", null), UnprocessableException.class, "html"),
                    new Case("ok", content("Hi", "<p>x</p>", "{{^a}}"), UnprocessableException.class, "text"),
                    new Case("ok", content("Hi", "<p>\u0000</p>", null), InvalidInputException.class, "html"));
            for (Case c : cases) {
                assertThatThrownBy(() -> templates.create(TENANT, c.name(), c.content())).as(c.toString())
                        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                            assertThat(e).isInstanceOf(c.problem());
                            assertThat(e.field()).isEqualTo(c.field());
                        });
            }
            assertThat(templates.list(TENANT, Optional.empty(), 10).items()).isEmpty();
            assertThat(templates.create(TENANT, "n".repeat(200), content("s".repeat(998), large.substring(1), null))
                    .version()).as("the limits themselves are allowed").isEqualTo(1);
        }
    }

    @EachDatabase
    void renderingRefusesAVariableTheSendDoesNotGive(TestDatabase db) {
        try (Postcard postcard = open(db, MovableClock.atStart())) {
            Templates templates = postcard.templates();
            String id = templates.create(TENANT, "Order", content("Order {{order_id}}",
                    "<p>{{name}}</p><a href=\"{{unsubscribe_url}}\">unsubscribe</a>", null)).id();

            assertThatThrownBy(() -> templates.render(TENANT, id, variables("name", "Ada")))
                    .isInstanceOfSatisfying(UnprocessableException.class,
                            e -> assertThat(e.field()).isEqualTo("variables.order_id"));
            assertThatThrownBy(() -> templates.render(TENANT, id, null))
                    .isInstanceOf(UnprocessableException.class);
            RenderedTemplate rendered = templates.render(TENANT, id, variables("name", "Ada", "order_id", "7\r\n8"));
            assertThat(rendered.subject()).as("a header is one line").hasValue("Order 7 8");
            assertThat(rendered.html()).hasValue("<p>Ada</p><a href=\"{{unsubscribe_url}}\">unsubscribe</a>");
            assertThatThrownBy(() -> templates.render(TENANT, "tpl_01JDQ4Z6M7X9K2P8R5T3V1W0YA", variables()))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @EachDatabase
    void theRenderedUnsubscribePlaceholderBecomesTheRecipientsLink(TestDatabase db) {
        try (Postcard postcard = open(db, MovableClock.atStart())) {
            String id = postcard.templates().create(TENANT, "News", content(null,
                    "<p>{{name}}</p><a href=\"{{unsubscribe_url}}\">unsubscribe</a>", null)).id();
            String html = postcard.templates().render(TENANT, id, variables("name", "Ada")).html().orElseThrow();

            String instrumented = postcard.tracking().instrument(TENANT, new InstrumentRequest(Optional.empty(),
                    Optional.of(html), "ada@example.com", Optional.empty(), Optional.empty(), List.of(),
                    EventCodec.MAPPER.createObjectNode())).html().orElseThrow();
            assertThat(instrumented).doesNotContain("unsubscribe_url").contains("/track/unsubscribe/");
        }
    }

    @EachDatabase
    void changesAreAnnouncedAndOwedToWebhooks(TestDatabase db) {
        MovableClock clock = MovableClock.atStart();
        try (Postcard postcard = open(db, clock)) {
            String webhook = postcard.webhooks().create(TENANT, "https://hooks.example.com/postcard",
                    List.of("template.created", "template.updated", "template.deleted"), Optional.empty(),
                    Optional.empty(), Optional.empty()).webhook().id();
            Templates templates = postcard.templates();
            String id = templates.create(TENANT, "Welcome", WELCOME).id();
            templates.update(TENANT, id, new TemplatePatch(Optional.of("Hello"), PartChange.KEEP, PartChange.KEEP,
                    PartChange.KEEP));
            templates.delete(TENANT, id);

            List<String> announced = new ArrayList<>();
            for (EventType type : List.of(EventType.TEMPLATE_CREATED, EventType.TEMPLATE_UPDATED,
                    EventType.TEMPLATE_DELETED)) {
                List<StoredEvent> stored = events(postcard, TENANT, type);
                assertThat(stored).as(type.wireName()).hasSize(1);
                var data = stored.getFirst().event().data();
                assertThat(data.path("template_id").asText()).isEqualTo(id);
                announced.add(type.wireName() + " " + data.path("name").asText() + " v" + data.path("version").asInt());
            }
            assertThat(announced).containsExactly("template.created Welcome v1", "template.updated Hello v2",
                    "template.deleted Hello v2");
            Page<Delivery> owed = postcard.webhooks().deliveries(TENANT, webhook, Optional.empty(), Optional.empty(), 10);
            assertThat(owed.items()).hasSize(3);
        }
    }

    @EachDatabase
    void concurrentUpdatesEachMakeTheirOwnVersion(TestDatabase db) throws Exception {
        try (Postcard postcard = open(db, MovableClock.atStart())) {
            Templates templates = postcard.templates();
            String id = templates.create(TENANT, "Welcome", WELCOME).id();
            int writers = 8;
            List<java.util.concurrent.Future<Template>> made = new ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(writers)) {
                var start = new java.util.concurrent.CountDownLatch(1);
                for (int i = 0; i < writers; i++) {
                    String text = "writer " + i;
                    made.add(pool.submit(() -> {
                        start.await();
                        return templates.update(TENANT, id, new TemplatePatch(Optional.empty(), PartChange.KEEP,
                                PartChange.KEEP, PartChange.replace(text)));
                    }));
                }
                start.countDown();
            }
            List<Integer> versions = new ArrayList<>();
            for (var future : made) {
                Template version = future.get();
                versions.add(version.version());
                assertThat(templates.get(TENANT, id, version.version()).content().text())
                        .as("the version holds its own writer's text").isEqualTo(version.content().text());
            }
            assertThat(versions).containsExactlyInAnyOrder(2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(templates.get(TENANT, id).version()).isEqualTo(9);
            assertThat(events(postcard, TENANT, EventType.TEMPLATE_UPDATED)).hasSize(writers);
        }
    }

    @EachDatabase
    void aDeletedTemplateIsNoLongerFoundListedChangedOrRendered(TestDatabase db) {
        try (Postcard postcard = open(db, MovableClock.atStart())) {
            Templates templates = postcard.templates();
            String kept = templates.create(TENANT, "Kept", WELCOME).id();
            String gone = templates.create(TENANT, "Gone", WELCOME).id();
            templates.delete(TENANT, gone);

            assertThatThrownBy(() -> templates.get(TENANT, gone)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> templates.get(TENANT, gone, 1)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> templates.render(TENANT, gone, variables("name", "x")))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> templates.update(TENANT, gone, new TemplatePatch(Optional.of("Back"),
                    PartChange.KEEP, PartChange.KEEP, PartChange.KEEP))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> templates.delete(TENANT, gone)).isInstanceOf(NotFoundException.class);
            assertThat(templates.list(TENANT, Optional.empty(), 10).items()).extracting(Template::id)
                    .containsExactly(kept);
            assertThat(events(postcard, TENANT, EventType.TEMPLATE_DELETED)).hasSize(1);
        }
    }

    @EachDatabase
    void anotherTenantNeitherSeesNorChangesATemplate(TestDatabase db) {
        try (Postcard postcard = open(db, MovableClock.atStart())) {
            postcard.tenants().create("acme", "Acme");
            Templates templates = postcard.templates();
            Template mine = templates.create(TENANT, "Mine", WELCOME);
            String id = mine.id();

            assertThatThrownBy(() -> templates.get("acme", id)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> templates.render("acme", id, variables("name", "x")))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> templates.update("acme", id, new TemplatePatch(Optional.of("Theirs"),
                    PartChange.KEEP, PartChange.KEEP, PartChange.KEEP))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> templates.delete("acme", id)).isInstanceOf(NotFoundException.class);
            assertThat(templates.list("acme", Optional.empty(), 10).items()).isEmpty();
            assertThat(events(postcard, "acme", EventType.TEMPLATE_CREATED)).isEmpty();

            assertThat(templates.get(TENANT, id)).isEqualTo(mine);
        }
    }

    @EachDatabase
    void templatesAreListedNewestFirstPageByPage(TestDatabase db) {
        MovableClock clock = MovableClock.atStart();
        try (Postcard postcard = open(db, clock)) {
            Templates templates = postcard.templates();
            List<String> made = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                made.add(templates.create(TENANT, "t" + i, WELCOME).id());
                if (i % 2 == 1) {
                    clock.advance(Duration.ofSeconds(1)); // some share a creation time: the id breaks the tie
                }
            }

            List<String> seen = new ArrayList<>();
            Optional<String> cursor = Optional.empty();
            do {
                Page<Template> page = templates.list(TENANT, cursor, 2);
                page.items().forEach(t -> seen.add(t.id()));
                cursor = page.nextCursor();
            } while (cursor.isPresent());

            assertThat(seen).containsExactlyElementsOf(made.reversed());
            assertThatThrownBy(() -> templates.list(TENANT, Optional.of("bm9wZQ"), 2))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
        }
    }
}
