package dev.postcard.sending;

import static dev.postcard.sending.SendFixtures.TENANT;
import static dev.postcard.sending.SendFixtures.handOver;
import static dev.postcard.sending.SendFixtures.only;
import static dev.postcard.sending.SendFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.NotFoundException;
import dev.postcard.Postcard;
import dev.postcard.UnprocessableException;
import dev.postcard.event.EventType;
import dev.postcard.templates.RenderedTemplate;
import dev.postcard.templates.TemplateRenderer;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.util.Optional;

/** A send naming a template goes out with the template's content, rendered once when it is accepted. */
class TemplateSendTest {
    /** One template, {@code tpl_welcome} version 3, greeting {@code variables.name}. */
    static final class WelcomeTemplate implements TemplateRenderer {
        @Override
        public RenderedTemplate render(String tenantId, String templateId, ObjectNode variables) {
            if (!templateId.equals("tpl_welcome")) {
                throw new NotFoundException("no template '" + templateId + "'");
            }
            if (!variables.has("name")) {
                throw new UnprocessableException("variables.name", "the template uses name");
            }
            String name = variables.get("name").asText();
            return new RenderedTemplate(templateId, 3, Optional.of("Welcome, " + name),
                    Optional.of("<p>Hello " + name + "</p>"), Optional.empty());
        }
    }

    @EachDatabase
    void theRenderedTemplateIsSentAndNamedInEmailSent(TestDatabase db) {
        RecordingTransport transport = new RecordingTransport();
        try (Postcard postcard = Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).sendWorker(false)
                .clock(MovableClock.atStart()).sendTransport(transport).templateRenderer(new WelcomeTemplate()).build()) {
            String id = postcard.sending().send(TENANT, request("""
                    {"from": "ada@example.com", "to": "bob@example.org", "template_id": "tpl_welcome",
                     "variables": {"name": "Bob"}}"""), Optional.empty()).data().getFirst().emailId();
            handOver(postcard);

            OutgoingMessage message = transport.received().getFirst();
            assertThat(message.subject()).isEqualTo("Welcome, Bob");
            assertThat(message.html().orElseThrow()).contains("<p>Hello Bob</p>");
            assertThat(only(postcard, id, EventType.EMAIL_SENT).event().text("template_id")).contains("tpl_welcome");

            assertThatThrownBy(() -> postcard.sending().send(TENANT, request("""
                    {"from": "ada@example.com", "to": "bob@example.org", "template_id": "tpl_welcome"}"""),
                    Optional.empty())).isInstanceOfSatisfying(UnprocessableException.class,
                    e -> assertThat(e.field()).isEqualTo("variables.name"));
            assertThatThrownBy(() -> postcard.sending().send(TENANT, request("""
                    {"from": "ada@example.com", "to": "bob@example.org", "template_id": "tpl_other"}"""),
                    Optional.empty())).isInstanceOfSatisfying(UnprocessableException.class,
                    e -> assertThat(e.field()).isEqualTo("template_id"));
            handOver(postcard);
            assertThat(transport.received()).as("refused sends store nothing").hasSize(1);
        }
    }

    @EachDatabase
    void theEnginesOwnTemplatesAreSentInTheVersionRenderedAtTheAccept(TestDatabase db) {
        RecordingTransport transport = new RecordingTransport();
        try (Postcard postcard = SendFixtures.engine(db, MovableClock.atStart(), transport)) {
            String templateId = postcard.templates().create(TENANT, "Welcome", new dev.postcard.templates.TemplateContent(
                    Optional.of("Hi {{name}}"), Optional.of("<p>Hello {{name}}</p>"), Optional.empty())).id();
            String id = postcard.sending().send(TENANT, request("""
                    {"from": "ada@example.com", "to": "bob@example.org", "template_id": "%s",
                     "variables": {"name": "Bob & Co"}}""".formatted(templateId)), Optional.empty())
                    .data().getFirst().emailId();
            handOver(postcard);

            OutgoingMessage message = transport.received().getFirst();
            assertThat(message.subject()).isEqualTo("Hi Bob & Co");
            assertThat(message.html().orElseThrow()).contains("<p>Hello Bob &amp; Co</p>");
            assertThat(only(postcard, id, EventType.EMAIL_SENT).event().text("template_id")).contains(templateId);
        }
    }

    @EachDatabase
    void aSendNamingNoTemplateIsRefusedNamingTemplateId(TestDatabase db) {
        try (Postcard postcard = SendFixtures.engine(db, MovableClock.atStart(), new RecordingTransport())) {
            assertThatThrownBy(() -> postcard.sending().send(TENANT, request("""
                    {"from": "ada@example.com", "to": "bob@example.org", "template_id": "tpl_welcome"}"""),
                    Optional.empty())).isInstanceOfSatisfying(UnprocessableException.class,
                    e -> assertThat(e.field()).isEqualTo("template_id"));
        }
    }
}
