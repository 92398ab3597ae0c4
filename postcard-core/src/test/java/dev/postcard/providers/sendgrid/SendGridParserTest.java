package dev.postcard.providers.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.providers.AsTheIntakeSees;
import dev.postcard.providers.EventAssembler;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.WebhookRequest;
import dev.postcard.testing.MovableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SendGridParserTest {
    private final SendGridParser parser = new SendGridParser();

    /** One event of each kind, as SendGrid documents them, with the sender's custom_args flattened in. */
    private static final String BATCH = """
            [
              {"email":"ann@example.com","timestamp":1795343400,"smtp-id":"<a@x>","event":"processed",
               "category":["welcome","onboarding"],"sg_event_id":"ev-processed","sg_message_id":"AbC.filter1.0",
               "postcard_email_id":"msg_01JDQ4YB2C3D4E5F6G7H8J9K0M","user_id":"42","sg_template_id":"d-123"},
              {"email":"ann@example.com","timestamp":1795343401,"event":"deferred","sg_event_id":"ev-deferred",
               "sg_message_id":"AbC.filter1.0","response":"421 4.7.0 try again later","attempt":"2"},
              {"email":"ann@example.com","timestamp":1795343402,"event":"delivered","sg_event_id":"ev-delivered",
               "sg_message_id":"AbC.filter1.0","response":"250 2.0.0 OK"},
              {"email":"ann@example.com","timestamp":1795343403,"event":"open","sg_event_id":"ev-open",
               "sg_message_id":"AbC.filter1.0","sg_machine_open":true,"ip":"17.0.0.1","useragent":"Mozilla/5.0"},
              {"email":"ann@example.com","timestamp":1795343404,"event":"click","sg_event_id":"ev-click",
               "sg_message_id":"AbC.filter1.0","url":"https://example.org/a?b=c","ip":"10.0.0.1","useragent":"UA",
               "url_offset":{"index":0,"type":"html"}},
              {"email":"ann@example.com","timestamp":1795343405,"event":"bounce","sg_event_id":"ev-bounce",
               "sg_message_id":"AbC.filter1.0","type":"bounce","status":"5.1.1",
               "reason":"550 5.1.1 The email account does not exist","bounce_classification":"Invalid Address"},
              {"email":"ann@example.com","timestamp":1795343406,"event":"bounce","sg_event_id":"ev-blocked",
               "sg_message_id":"AbC.filter1.0","type":"blocked","status":"5.7.1",
               "reason":"554 5.7.1 listed at a blocklist","bounce_classification":"Reputation"},
              {"email":"ann@example.com","timestamp":1795343407,"event":"dropped","sg_event_id":"ev-dropped",
               "sg_message_id":"AbC.filter1.0","reason":"Unsubscribed Address"},
              {"email":"ann@example.com","timestamp":1795343408,"event":"spamreport","sg_event_id":"ev-spam",
               "sg_message_id":"AbC.filter1.0"},
              {"email":"ann@example.com","timestamp":1795343409,"event":"unsubscribe","sg_event_id":"ev-unsub",
               "sg_message_id":"AbC.filter1.0"},
              {"email":"ann@example.com","timestamp":1795343410,"event":"group_unsubscribe","sg_event_id":"ev-gunsub",
               "sg_message_id":"AbC.filter1.0","asm_group_id":7},
              {"email":"ann@example.com","timestamp":1795343411,"event":"group_resubscribe","sg_event_id":"ev-gresub",
               "sg_message_id":"AbC.filter1.0","asm_group_id":7},
              {"event":"account_status_change","sg_event_id":"ev-acct","timestamp":1795343412,"type":"compliance_suspend"}
            ]
            """;

    @Test
    void everyEventTypeIsNormalised() {
        List<ParsedItem> items = parse(BATCH);
        assertThat(items).hasSize(13);
        assertThat(items).extracting(ParsedItem::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        List<ProviderEvent> events = events(items);
        assertThat(events).extracting(ProviderEvent::type).containsExactly(EventType.EMAIL_SENT,
                EventType.EMAIL_DELIVERY_DELAYED, EventType.EMAIL_DELIVERED, EventType.EMAIL_OPENED,
                EventType.EMAIL_CLICKED, EventType.EMAIL_BOUNCED, EventType.EMAIL_BOUNCED, EventType.EMAIL_DROPPED,
                EventType.EMAIL_COMPLAINED, EventType.EMAIL_UNSUBSCRIBED, EventType.EMAIL_UNSUBSCRIBED);
        assertThat(items.get(11)).isInstanceOfSatisfying(ParsedItem.Ignored.class,
                i -> assertThat(i.reason()).startsWith("resubscribed").contains("7"));
        assertThat(items.get(12)).isInstanceOfSatisfying(ParsedItem.Ignored.class,
                i -> assertThat(i.reason()).doesNotStartWith("resubscribed"));

        ProviderEvent sent = events.get(0);
        assertThat(sent.providerEventId()).isEqualTo("ev-processed");
        assertThat(sent.providerMessageId()).contains("AbC.filter1.0");
        assertThat(sent.recipient()).contains("ann@example.com");
        assertThat(sent.occurredAt()).contains(Instant.ofEpochSecond(1795343400L));
        assertThat(sent.tags()).containsExactly("welcome", "onboarding");
        assertThat(sent.metadata()).isEqualTo(json("""
                {"postcard_email_id":"msg_01JDQ4YB2C3D4E5F6G7H8J9K0M","user_id":"42"}"""));
        assertThat(sent.emailId()).contains("msg_01JDQ4YB2C3D4E5F6G7H8J9K0M");
        assertThat(sent.fields()).isEqualTo(json("{\"template_id\":\"d-123\"}"));

        assertThat(events.get(1).fields()).isEqualTo(json("""
                {"smtp_response":"421 4.7.0 try again later","reason":"deferred, attempt 2"}"""));
        assertThat(events.get(2).fields()).isEqualTo(json("{\"smtp_response\":\"250 2.0.0 OK\"}"));
        assertThat(events.get(3).fields()).isEqualTo(json("""
                {"ip_address":"17.0.0.1","user_agent":"Mozilla/5.0","machine":true,"machine_reason":"provider_flag"}"""));
        assertThat(events.get(4).fields()).isEqualTo(json("""
                {"ip_address":"10.0.0.1","user_agent":"UA","url":"https://example.org/a?b=c","machine":false}"""));
        assertThat(events.get(4).metadata().isEmpty()).as("url_offset is SendGrid's").isTrue();
        assertThat(events.get(5).fields()).isEqualTo(json("""
                {"bounce_type":"hard","bounce_reason":"user_unknown","status_code":"5.1.1",
                 "smtp_response":"550 5.1.1 The email account does not exist","reason":"Invalid Address"}"""));
        assertThat(events.get(6).fields().path("bounce_type").asText()).isEqualTo("soft");
        assertThat(events.get(6).fields().path("bounce_reason").asText()).isEqualTo("blocked");
        assertThat(events.get(7).fields()).isEqualTo(json("{\"reason\":\"suppressed\"}"));
        assertThat(events.get(8).fields()).isEqualTo(json("{\"complaint_type\":\"abuse\"}"));
        assertThat(events.get(9).fields()).isEqualTo(json("{\"method\":\"provider\"}"));
        assertThat(events.get(10).fields()).isEqualTo(json("{\"method\":\"provider\"}"));
    }

    @Test
    void theAssembledEventCarriesEmailIdAndProvider() {
        ProviderEvent sent = events(parse(BATCH)).getFirst();
        Event event = EventAssembler.assemble("sendgrid", sent, sent.emailId(), false, MovableClock.START);
        assertThat(event.data().path("email_id").asText()).isEqualTo("msg_01JDQ4YB2C3D4E5F6G7H8J9K0M");
        assertThat(event.data().path("provider_message_id").asText()).isEqualTo("AbC.filter1.0");
        assertThat(event.data().path("to").asText()).isEqualTo("ann@example.com");
    }

    @Test
    void bounceClassificationsMapToTheVocabulary() {
        Map<String, String> expected = Map.of("Invalid Address", "user_unknown", "Technical", "system_error",
                "Content", "content_rejected", "Reputation", "blocked", "Frequency or Volume", "rate_limited",
                "Mailbox Unavailable", "mailbox_full", "Unclassified", "undetermined");
        expected.forEach((classification, reason) -> {
            ProviderEvent e = one("""
                    {"email":"a@example.com","event":"bounce","sg_message_id":"m","bounce_classification":"%s",
                     "reason":"550 5.1.1 no such user","status":"5.1.1"}""".formatted(classification));
            assertThat(e.fields().path("bounce_reason").asText()).as(classification).isEqualTo(reason);
            assertThat(e.fields().path("bounce_type").asText()).isEqualTo("hard");
        });
        // Without a classification the SMTP text decides; an unknown type is undetermined.
        ProviderEvent full = one("""
                {"email":"a@example.com","event":"bounce","sg_message_id":"m","type":"expired",
                 "reason":"452 4.2.2 mailbox full"}""");
        assertThat(full.fields().path("bounce_reason").asText()).isEqualTo("mailbox_full");
        assertThat(full.fields().path("bounce_type").asText()).isEqualTo("undetermined");
        assertThat(full.fields().path("status_code").asText()).isEqualTo("4.2.2");
    }

    @Test
    void dropReasonsAreSuppressionInvalidOrProvider() {
        assertThat(SendGridParser.dropReason("Bounced Address")).isEqualTo("suppressed");
        assertThat(SendGridParser.dropReason("Unsubscribed Address")).isEqualTo("suppressed");
        assertThat(SendGridParser.dropReason("Unsubscribed Group")).isEqualTo("suppressed");
        assertThat(SendGridParser.dropReason("Spam Reporting Address")).isEqualTo("suppressed");
        assertThat(SendGridParser.dropReason("Invalid")).isEqualTo("invalid_address");
        assertThat(SendGridParser.dropReason("Invalid SMTPAPI header")).isEqualTo("provider");
        assertThat(SendGridParser.dropReason("Recipient List over Package Quota")).isEqualTo("provider");
        assertThat(SendGridParser.dropReason("Spam Content (if spam checker app enabled)")).isEqualTo("provider");
        assertThat(SendGridParser.dropReason("")).isEqualTo("provider");
    }

    @Test
    void aSingleObjectIsOneEvent() {
        List<ParsedItem> items = parse("""
                {"email":"a@example.com","event":"delivered","sg_message_id":" m.1 ","category":"solo"}""");
        ProviderEvent e = events(items).getFirst();
        assertThat(e.providerMessageId()).contains("m.1");
        assertThat(e.tags()).containsExactly("solo");
        assertThat(e.providerEventId()).startsWith("sha256:");
    }

    @Test
    void millisecondTimestampsAreRecognised() {
        assertThat(one("{\"email\":\"a@example.com\",\"event\":\"open\",\"timestamp\":1591726752372}").occurredAt())
                .contains(Instant.ofEpochMilli(1591726752372L));
        assertThat(one("{\"email\":\"a@example.com\",\"event\":\"open\",\"timestamp\":\"1591726752\"}").occurredAt())
                .contains(Instant.ofEpochSecond(1591726752L));
    }

    @Test
    void clickUrlsThatAreNotHttpAreLeftOut() {
        assertThat(one("{\"email\":\"a@example.com\",\"event\":\"click\",\"url\":\"javascript:alert(1)\"}")
                .fields().has("url")).isFalse();
        assertThat(one("{\"email\":\"a@example.com\",\"event\":\"click\",\"url\":\"HTTP://x\"}")
                .fields().has("url")).isFalse();
    }

    @Test
    void oneBadItemDoesNotDropTheBatch() {
        List<ParsedItem> items = AsTheIntakeSees.items("sendgrid", parse("""
                [{"email":"a@example.com","event":"delivered","sg_message_id":"m"},
                 "not an object",
                 {"email":"not an address","event":"delivered","sg_message_id":"m"},
                 {"email":"a@example.com","event":"delivered","timestamp":"yesterday"},
                 {"email":"a@example.com","event":"delivered","timestamp":-5},
                 {"email":"a@example.com","sg_message_id":"m"},
                 {"email":"b@example.com","event":"open","sg_message_id":"m"}]"""));
        assertThat(items).hasSize(7);
        assertThat(items.get(0)).isInstanceOf(ParsedItem.Events.class);
        assertThat(items.get(1)).isInstanceOf(ParsedItem.Failed.class);
        assertThat(items.get(2)).isInstanceOfSatisfying(ParsedItem.Failed.class,
                f -> assertThat(f.field()).isEqualTo("data.to"));
        assertThat(items.get(3)).isInstanceOfSatisfying(ParsedItem.Failed.class,
                f -> assertThat(f.field()).isEqualTo("timestamp"));
        assertThat(items.get(4)).isInstanceOf(ParsedItem.Failed.class);
        assertThat(items.get(5)).isInstanceOfSatisfying(ParsedItem.Failed.class,
                f -> assertThat(f.field()).isEqualTo("event"));
        assertThat(items.get(6)).isInstanceOf(ParsedItem.Events.class);
        assertThat(items).extracting(ParsedItem::index).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void unknownEventTypesAreIgnoredNotStored() {
        assertThat(parse("[{\"email\":\"a@example.com\",\"event\":\"machine_opened_v9\"}]").getFirst())
                .isInstanceOf(ParsedItem.Ignored.class);
        assertThat(parse("[]")).isEmpty();
    }

    @Test
    void bodiesThatAreNotEventsAreRefusedAsBody() {
        for (String body : List.of("", "not json", "[{\"email\":", "42", "\"text\"", "null", "true", "[] []",
                "[".repeat(10_000) + "]".repeat(10_000), "{\"a\":1,\"a\":2}")) {
            assertThatThrownBy(() -> parse(body)).as(body.length() > 40 ? body.substring(0, 40) : body)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body"));
        }
    }

    @Test
    void hostileValuesInAnyFieldBecomeFailedItemsOrAreIgnored() {
        ObjectNode base = json("""
                {"email":"a@example.com","timestamp":1795343400,"event":"bounce","sg_event_id":"e",
                 "sg_message_id":"m","category":"c","type":"bounce","status":"5.1.1","reason":"r","response":"x",
                 "url":"https://x","ip":"1.2.3.4","useragent":"u","sg_machine_open":true,"bounce_classification":"Technical",
                 "custom":"v","attempt":"1","asm_group_id":1}""");
        List<JsonNode> hostile = List.of(EventCodec.MAPPER.nullNode(), json("{\"a\":{\"b\":[1,2,{}]}}"),
                EventCodec.MAPPER.createArrayNode().add(1).add("x").addNull(), EventCodec.MAPPER.getNodeFactory().numberNode(1.5e300),
                EventCodec.MAPPER.getNodeFactory().numberNode(-1), EventCodec.MAPPER.getNodeFactory().booleanNode(false),
                EventCodec.MAPPER.getNodeFactory().textNode("x".repeat(200_000)),
                EventCodec.MAPPER.getNodeFactory().textNode("\u0000\ud800"),
                EventCodec.MAPPER.getNodeFactory().textNode(""));
        int checked = 0;
        for (String event : List.of("processed", "deferred", "delivered", "open", "click", "bounce", "dropped",
                "spamreport", "unsubscribe", "group_resubscribe")) {
            for (String field : fieldNames(base)) {
                for (JsonNode value : hostile) {
                    ObjectNode item = base.deepCopy().put("event", event);
                    item.set(field, value);
                    ArrayNode batch = EventCodec.MAPPER.createArrayNode().add(item);
                    List<ParsedItem> items = AsTheIntakeSees.items("sendgrid", parse(batch.toString()));
                    assertThat(items).hasSize(1);
                    // The parser's last-resort catch must not be what answered: that would be a bug hidden.
                    if (items.getFirst() instanceof ParsedItem.Failed f) {
                        assertThat(f.error()).as("%s with %s set to %.80s", event, field, value)
                                .doesNotStartWith("the event could not be read");
                    }
                    events(items);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void metadataKeepsOnlyTheSendersKeys() {
        ProviderEvent e = one("""
                {"email":"a@example.com","event":"open","sg_message_id":"m","singlesend_id":"s","mc_stats":"singlesend",
                 "phase_id":"send","send_at":"1","template_id":"t","template_version_id":"v","asm_group_id":3,
                 "newsletter":{"newsletter_id":"1"},"pool":{"name":"p","id":1},"marketing_campaign_id":1,
                 "marketing_campaign_name":"n","tenant":"acme","nested":{"k":"v"},"n":7,"flag":true,"nothing":null}""");
        assertThat(e.metadata()).isEqualTo(json("{\"tenant\":\"acme\",\"nested\":\"{\\\"k\\\":\\\"v\\\"}\",\"n\":7,\"flag\":true}"));
    }

    @Test
    void anOverlongEmailIdIsNotUsedButTheEventIsKept() {
        ProviderEvent e = one("{\"email\":\"a@example.com\",\"event\":\"open\",\"postcard_email_id\":\"" + "m".repeat(200) + "\"}");
        assertThat(e.emailId()).isEmpty();
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private ProviderEvent one(String item) {
        List<ProviderEvent> events = events(parse("[" + item + "]"));
        assertThat(events).hasSize(1);
        return events.getFirst();
    }

    private List<ParsedItem> parse(String body) {
        return parser.parse(WebhookRequest.of(Map.of(), body.getBytes(StandardCharsets.UTF_8)));
    }

    /** The events of the items, each assembled and validated as POST /v1/events would. */
    static List<ProviderEvent> events(List<ParsedItem> items) {
        List<ProviderEvent> out = new ArrayList<>();
        for (ParsedItem item : items) {
            if (item instanceof ParsedItem.Events events) {
                for (ProviderEvent e : events.events()) {
                    EventAssembler.assemble("sendgrid", e, e.emailId(), true, MovableClock.START);
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) EventCodec.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
