package dev.postcard.providers.custom;

import static dev.postcard.providers.custom.CustomTesting.assemble;
import static dev.postcard.providers.custom.CustomTesting.assembleAll;
import static dev.postcard.providers.custom.CustomTesting.body;
import static dev.postcard.providers.custom.CustomTesting.json;
import static dev.postcard.providers.custom.CustomTesting.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.WebhookRequest;
import dev.postcard.testing.MovableClock;
import java.nio.charset.StandardCharsets;
import dev.postcard.providers.AsTheIntakeSees;
import dev.postcard.providers.EventAssembler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MappingParserTest {
    static final String PROVIDER = "acme-mail";

    static final String MAPPING = """
            {"events": "/events", "type": "/event",
             "types": {"sent": "email.sent", "delivered": "email.delivered", "deferred": "delivery_delayed",
                       "bounce": "bounced", "complaint": "complained", "open": "opened", "click": "clicked",
                       "unsub": "unsubscribed", "drop": "dropped", "error": "failed"},
             "recipient": "/rcpt", "timestamp": "/ts", "timestamp_format": "unix",
             "provider_message_id": "/message_id", "event_id": "/id", "metadata": "/custom", "tags": "/labels",
             "fields": {"bounce_type": "/bounce/kind", "smtp_response": "/resp", "url": "/link", "reason": "/why",
                        "ip_address": "/ip", "user_agent": "/ua", "machine": "/bot", "complaint_type": "/fb",
                        "error": "/err", "template_id": "/tpl", "status_code": "/status", "method": "/how"},
             "bounce_types": {"permanent": "hard", "transient": "soft"}}
            """;

    static final String BATCH = """
            {"events": [
              {"id": "ev-1", "event": "sent", "rcpt": "Ann@Example.com", "ts": 1763805600, "message_id": " m-1 ",
               "custom": {"postcard_email_id": "msg_01JDQ4YB2C3D4E5F6G7H8J9K0M", "plan": "pro"}, "labels": ["welcome", "b2c"],
               "tpl": "tpl-7"},
              {"id": "ev-2", "event": "delivered", "rcpt": "ann@example.com", "ts": "1763805601.250",
               "resp": "250 2.0.0 OK", "link": "https://ignored.example/"},
              {"id": "ev-3", "event": "deferred", "rcpt": "ann@example.com", "ts": 1763805602,
               "why": "mailbox busy", "resp": "451 4.2.0 try later"},
              {"id": "ev-4", "event": "bounce", "rcpt": "bob@example.com", "ts": 1763805603,
               "bounce": {"kind": "permanent"}, "resp": "550 5.1.1 The email account does not exist",
               "why": "User not found"},
              {"id": "ev-5", "event": "complaint", "rcpt": "cat@example.com", "ts": 1763805604, "fb": "abuse"},
              {"id": "ev-6", "event": "open", "rcpt": "ann@example.com", "ts": 1763805605, "ip": "203.0.113.9",
               "ua": "Mozilla/5.0", "bot": true},
              {"id": "ev-7", "event": "click", "rcpt": "ann@example.com", "ts": 1763805606,
               "link": "https://example.com/pricing", "bot": "false"},
              {"id": "ev-8", "event": "unsub", "rcpt": "ann@example.com", "ts": 1763805607},
              {"id": "ev-9", "event": "drop", "rcpt": "dan@example.com", "ts": 1763805608, "why": "Address suppressed"},
              {"id": "ev-10", "event": "error", "rcpt": "eve@example.com", "ts": 1763805609, "err": "template failed",
               "why": "rendering_failure"},
              {"id": "ev-11", "event": "account.updated"}
            ]}
            """;

    static MappingParser parser(String mapping) {
        return new MappingParser(MappingSpec.parse(json(mapping)), PROVIDER);
    }

    static List<ParsedItem> parse(String body) {
        return parser(MAPPING).parse(body(body));
    }

    @Test
    void parsesABatchOfEveryTypeIntoStorableEvents() {
        List<ParsedItem> items = parse(BATCH);
        assertThat(items).hasSize(11);
        for (int i = 0; i < items.size(); i++) {
            assertThat(items.get(i).index()).isEqualTo(i);
        }
        assertThat(items.subList(0, 10)).allMatch(i -> i instanceof ParsedItem.Events);
        List<Event> events = assembleAll(PROVIDER, items);
        assertThat(events).extracting(Event::type).containsExactly(EventType.EMAIL_SENT, EventType.EMAIL_DELIVERED,
                EventType.EMAIL_DELIVERY_DELAYED, EventType.EMAIL_BOUNCED, EventType.EMAIL_COMPLAINED,
                EventType.EMAIL_OPENED, EventType.EMAIL_CLICKED, EventType.EMAIL_UNSUBSCRIBED, EventType.EMAIL_DROPPED,
                EventType.EMAIL_FAILED);
        assertThat(events).allSatisfy(e -> assertThat(e.data().path("provider").asText()).isEqualTo(PROVIDER));

        JsonNode sent = events.get(0).data();
        assertThat(sent.path("to").asText()).isEqualTo("ann@example.com");
        assertThat(sent.path("email_id").asText()).isEqualTo("msg_01JDQ4YB2C3D4E5F6G7H8J9K0M");
        assertThat(sent.path("provider_message_id").asText()).isEqualTo("m-1");
        assertThat(sent.path("metadata").path("plan").asText()).isEqualTo("pro");
        assertThat(sent.path("tags").toString()).isEqualTo("[\"welcome\",\"b2c\"]");
        assertThat(sent.path("template_id").asText()).isEqualTo("tpl-7");
        assertThat(events.get(0).createdAt()).isEqualTo(Instant.ofEpochSecond(1763805600));
        assertThat(sent.path("raw").path("id").asText()).isEqualTo("ev-1");

        JsonNode delivered = events.get(1).data();
        assertThat(events.get(1).createdAt()).isEqualTo(Instant.ofEpochMilli(1763805601250L));
        assertThat(delivered.path("smtp_response").asText()).isEqualTo("250 2.0.0 OK");
        assertThat(delivered.has("url")).as("url is not a field of email.delivered").isFalse();
        assertThat(delivered.has("email_id")).isFalse();

        JsonNode delayed = events.get(2).data();
        assertThat(delayed.path("reason").asText()).isEqualTo("mailbox busy");
        assertThat(delayed.path("smtp_response").asText()).isEqualTo("451 4.2.0 try later");

        JsonNode bounced = events.get(3).data();
        assertThat(bounced.path("bounce_type").asText()).isEqualTo("hard");
        assertThat(bounced.path("bounce_reason").asText()).isEqualTo("user_unknown");
        assertThat(bounced.path("status_code").asText()).isEqualTo("5.1.1");
        assertThat(bounced.path("smtp_response").asText()).isEqualTo("550 5.1.1 The email account does not exist");
        assertThat(bounced.path("reason").asText()).isEqualTo("User not found");

        assertThat(events.get(4).data().path("complaint_type").asText()).isEqualTo("abuse");

        JsonNode opened = events.get(5).data();
        assertThat(opened.path("ip_address").asText()).isEqualTo("203.0.113.9");
        assertThat(opened.path("user_agent").asText()).isEqualTo("Mozilla/5.0");
        assertThat(opened.path("machine").booleanValue()).isTrue();
        assertThat(opened.path("machine_reason").asText()).isEqualTo("provider_flag");

        JsonNode clicked = events.get(6).data();
        assertThat(clicked.path("url").asText()).isEqualTo("https://example.com/pricing");
        assertThat(clicked.path("machine").isBoolean()).isTrue();
        assertThat(clicked.path("machine").booleanValue()).isFalse();
        assertThat(clicked.has("machine_reason")).isFalse();

        assertThat(events.get(7).data().path("method").asText()).isEqualTo("provider");
        assertThat(events.get(8).data().path("reason").asText()).isEqualTo("suppressed");
        assertThat(events.get(9).data().path("error").asText()).isEqualTo("template failed");
        assertThat(events.get(9).data().path("reason").asText()).isEqualTo("rendering_failure");

        assertThat(items.get(10)).isInstanceOf(ParsedItem.Ignored.class);
        assertThat(((ParsedItem.Ignored) items.get(10)).reason()).contains("account.updated");
    }

    @Test
    void providerEventIdsComeFromTheMappingOrTheContent() {
        List<ParsedItem> items = parse(BATCH);
        assertThat(only(items.get(0)).providerEventId()).isEqualTo("ev-1");
        MappingParser noIds = parser("{\"type\": \"/event\", \"types\": {\"open\": \"opened\"}, \"recipient\": \"/rcpt\"}");
        String body = "{\"event\": \"open\", \"rcpt\": \"a@example.com\"}";
        String first = only(noIds.parse(body(body)).getFirst()).providerEventId();
        String again = only(noIds.parse(body(body)).getFirst()).providerEventId();
        assertThat(first).startsWith("sha256:").isEqualTo(again);
    }

    @Test
    void aSingleObjectBodyIsOneEvent() {
        MappingParser p = parser("""
                {"type": "/type", "types": {"email.delivered": "email.delivered"}, "recipient": "/to",
                 "timestamp": "/at", "email_id": "/postcard"}""");
        List<ParsedItem> items = p.parse(body("""
                {"type": "email.delivered", "to": "Ann <ann@example.com>", "at": "2026-11-22T09:00:00+01:00",
                 "postcard": "msg_01JDQ4YB2C3D4E5F6G7H8J9K0M"}"""));
        assertThat(items).hasSize(1);
        ProviderEvent e = only(items.getFirst());
        assertThat(e.recipient()).contains("ann@example.com");
        assertThat(e.occurredAt()).contains(Instant.parse("2026-11-22T08:00:00Z"));
        assertThat(e.emailId()).contains("msg_01JDQ4YB2C3D4E5F6G7H8J9K0M");
        assemble(PROVIDER, e);
    }

    @Test
    void aBodyArrayIsTheEventsWithoutAnEventsPointer() {
        MappingParser p = parser("""
                {"type": "/kind", "types": {"opened": "opened", "clicked": "clicked"}, "recipient": "/email",
                 "timestamp": "/time", "timestamp_format": "unix_ms", "fields": {"url": "/url"}}""");
        List<ParsedItem> items = p.parse(body("""
                [{"kind": "opened", "email": "a@example.com", "time": 1763805600123},
                 {"kind": "clicked", "email": "a@example.com", "time": "1763805600999", "url": "javascript:alert(1)"}]"""));
        assertThat(items).hasSize(2);
        assertThat(only(items.get(0)).occurredAt()).contains(Instant.ofEpochMilli(1763805600123L));
        ProviderEvent click = only(items.get(1));
        assertThat(click.fields().has("url")).as("only http(s) URLs are kept").isFalse();
        assertThat(assembleAll(PROVIDER, items)).hasSize(2);
    }

    @Test
    void eventsPointerMayNameOneObject() {
        MappingParser p = parser("{\"events\": \"/data\", \"type\": \"/t\", \"types\": {\"d\": \"delivered\"}}");
        assertThat(p.parse(body("{\"data\": {\"t\": \"d\"}}"))).hasSize(1).first().isInstanceOf(ParsedItem.Events.class);
        assertThatThrownBy(() -> p.parse(body("{\"data\": \"d\"}"))).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("body");
        assertThatThrownBy(() -> p.parse(body("{\"other\": []}"))).isInstanceOf(InvalidInputException.class);
        assertThat(p.parse(body("{\"data\": []}"))).isEmpty();
    }

    @Test
    void valueMapsTranslateTypesAndBounceTypes() {
        List<ParsedItem> items = parse("""
                {"events": [
                  {"event": "bounce", "rcpt": "a@example.com", "bounce": {"kind": "transient"}, "resp": "452 4.2.2 Mailbox full"},
                  {"event": "bounce", "rcpt": "a@example.com", "bounce": {"kind": "HARD"}},
                  {"event": "bounce", "rcpt": "a@example.com", "bounce": {"kind": "weird"}, "why": "550 5.1.1 no such user here"},
                  {"event": "bounce", "rcpt": "a@example.com"},
                  {"event": "bounce", "rcpt": "a@example.com", "status": "5.7.1", "bounce": {"kind": "permanent"}},
                  {"event": "bounce", "rcpt": "a@example.com", "bounce": {"kind": "weird"}, "why": "no such user here"}
                ]}""");
        List<Event> events = assembleAll(PROVIDER, items);
        assertThat(events).hasSize(6);
        assertThat(events.get(0).data().path("bounce_type").asText()).isEqualTo("soft");
        assertThat(events.get(0).data().path("bounce_reason").asText()).isEqualTo("mailbox_full");
        assertThat(events.get(0).data().path("status_code").asText()).isEqualTo("4.2.2");
        assertThat(events.get(1).data().path("bounce_type").asText()).isEqualTo("hard");
        // An unknown provider bounce class falls back to what the texts say.
        assertThat(events.get(2).data().path("bounce_type").asText()).isEqualTo("hard");
        assertThat(events.get(2).data().path("bounce_reason").asText()).isEqualTo("user_unknown");
        assertThat(events.get(3).data().path("bounce_type").asText()).isEqualTo("undetermined");
        assertThat(events.get(3).data().path("bounce_reason").asText()).isEqualTo("undetermined");
        assertThat(events.get(4).data().path("bounce_type").asText()).isEqualTo("hard");
        assertThat(events.get(4).data().path("bounce_reason").asText()).isEqualTo("security");
        // The same rules as bounce mail: the short wording without a code or a stage is no evidence of a mailbox
        // lookup, so it is not a hard bounce (docs/bounces.md).
        assertThat(events.get(5).data().path("bounce_type").asText()).isEqualTo("soft");
        assertThat(events.get(5).data().path("bounce_reason").asText()).isEqualTo("policy");
    }

    @Test
    void mappedBounceReasonsInTheVocabularyAreKept() {
        MappingParser p = parser("""
                {"type": "/t", "types": {"b": "bounced"}, "fields": {"bounce_reason": "/r", "bounce_type": "/k"}}""");
        ProviderEvent kept = only(p.parse(body("{\"t\": \"b\", \"r\": \"Policy\", \"k\": \"soft\"}")).getFirst());
        assertThat(kept.fields().path("bounce_reason").asText()).isEqualTo("policy");
        ProviderEvent derived = only(p.parse(body("{\"t\": \"b\", \"r\": \"Mailbox Full\"}")).getFirst());
        assertThat(derived.fields().path("bounce_reason").asText()).isEqualTo("mailbox_full");
        assertThat(derived.fields().path("bounce_type").asText()).isEqualTo("soft");
    }

    @Test
    void unmappedTypeValuesAreIgnoredNotFailed() {
        List<ParsedItem> items = parse("""
                {"events": [{"event": "processed"}, {"event": 42}, {"event": true}, {"event": "Delivered"}]}""");
        assertThat(items).hasSize(4).allMatch(i -> i instanceof ParsedItem.Ignored);
        assertThat(((ParsedItem.Ignored) items.get(1)).reason()).contains("42");
    }

    @Test
    void numericTypeValuesMatchTheirText() {
        MappingParser p = parser("{\"type\": \"/code\", \"types\": {\"2\": \"delivered\"}}");
        assertThat(only(p.parse(body("{\"code\": 2}")).getFirst()).type()).isEqualTo(EventType.EMAIL_DELIVERED);
    }

    @Test
    void emailIdComesFromItsPointerBeforeMetadata() {
        MappingParser p = parser("""
                {"type": "/t", "types": {"d": "delivered"}, "email_id": "/pc", "metadata": "/meta"}""");
        assertThat(only(p.parse(body("{\"t\": \"d\", \"pc\": \"msg_A\", \"meta\": {\"postcard_email_id\": \"msg_B\"}}"))
                .getFirst()).emailId()).contains("msg_A");
        assertThat(only(p.parse(body("{\"t\": \"d\", \"meta\": {\"postcard_email_id\": \"msg_B\"}}"))
                .getFirst()).emailId()).contains("msg_B");
        // Metadata carried as JSON text (as some providers pass custom args) is read too.
        assertThat(only(p.parse(body("{\"t\": \"d\", \"meta\": \"{\\\"postcard_email_id\\\": \\\"msg_C\\\"}\"}"))
                .getFirst()).emailId()).contains("msg_C");
        assertThat(only(p.parse(body("{\"t\": \"d\", \"meta\": \"not json\"}")).getFirst()).emailId()).isEmpty();
    }

    @Test
    void isoTimesNeedAnOffset() {
        MappingParser p = parser("{\"type\": \"/t\", \"types\": {\"d\": \"delivered\"}, \"timestamp\": \"/at\"}");
        assertThat(only(p.parse(body("{\"t\": \"d\", \"at\": \"2026-11-22T10:30:05.123Z\"}")).getFirst()).occurredAt())
                .contains(Instant.parse("2026-11-22T10:30:05.123Z"));
        ParsedItem bad = p.parse(body("{\"t\": \"d\", \"at\": \"2026-11-22 10:30\"}")).getFirst();
        assertThat(bad).isInstanceOf(ParsedItem.Failed.class);
        assertThat(((ParsedItem.Failed) bad).field()).isEqualTo("at");
        assertThat(p.parse(body("{\"t\": \"d\", \"at\": 1763805600}")).getFirst()).isInstanceOf(ParsedItem.Failed.class);
        assertThat(only(p.parse(body("{\"t\": \"d\", \"at\": null}")).getFirst()).occurredAt()).isEmpty();
    }

    @Test
    void badItemsFailAloneAndNameTheirField() {
        List<ParsedItem> items = parse("""
                {"events": [
                  {"event": "delivered", "rcpt": "ok@example.com"},
                  {"rcpt": "a@example.com"},
                  {"event": {"name": "delivered"}, "rcpt": "a@example.com"},
                  {"event": "delivered", "rcpt": "a@example.com", "ts": "yesterday"},
                  {"event": "delivered", "rcpt": "nobody"},
                  {"event": "delivered", "rcpt": ["a@example.com"]},
                  {"event": "delivered", "rcpt": "a@example.com", "labels": 7},
                  {"event": "delivered", "rcpt": "a@example.com", "custom": 7},
                  {"event": "delivered", "rcpt": "a@example.com", "ts": -5},
                  {"event": "delivered", "rcpt": "a@example.com", "ts": 1e300},
                  {"event": "delivered", "rcpt": "a@example.com", "message_id": {"id": 1}},
                  "just a string",
                  {"event": "delivered", "rcpt": "ok2@example.com"}
                ]}""");
        assertThat(items).hasSize(13);
        assertThat(items.get(0)).isInstanceOf(ParsedItem.Events.class);
        assertThat(items.get(12)).isInstanceOf(ParsedItem.Events.class);
        List<String> fields = new ArrayList<>();
        for (ParsedItem item : items.subList(1, 12)) {
            assertThat(item).as(item.toString()).isInstanceOf(ParsedItem.Failed.class);
            fields.add(((ParsedItem.Failed) item).field());
            assertThat(((ParsedItem.Failed) item).error()).isNotBlank();
        }
        assertThat(fields).containsExactly("event", "event", "ts", "rcpt", "rcpt", "labels", "custom", "ts", "ts",
                "message_id", "event");
        assertThat(assembleAll(PROVIDER, items)).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "not json", "{", "[1, 2", "{\"events\": [}", "\"text\"", "42", "null", "true",
            "{\"a\": 1} {\"b\": 2}", "{\"events\": {\"event\": \"delivered\"}, \"events\": []}"})
    void malformedBodiesAreInvalidInput(String text) {
        assertThatThrownBy(() -> parser("{\"type\": \"/event\", \"types\": {\"delivered\": \"delivered\"}}").parse(body(text)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void malformedBodiesWithAnEventsPointerAreInvalidInput() {
        for (String text : List.of("[]", "{\"events\": 5}", "{\"events\": \"x\"}", "{}", "{\"events\": null}")) {
            assertThatThrownBy(() -> parse(text)).as(text).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void deepNestingIsRefusedAsMalformed() {
        String deep = "{\"events\": [" + "[".repeat(5000) + "]".repeat(5000) + "]}";
        assertThatThrownBy(() -> parse(deep)).isInstanceOf(InvalidInputException.class);
        // Nesting a provider could send is fine, whatever sits at the pointers.
        String nested = "{\"events\": [{\"event\": \"delivered\", \"rcpt\": "
                + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}]}";
        assertThat(parse(nested).getFirst()).isInstanceOf(ParsedItem.Failed.class);
    }

    @Test
    void hugeStringsNeverBreakTheBatch() {
        String huge = "x".repeat(900_000);
        List<ParsedItem> items = parse("{\"events\": ["
                + "{\"event\": \"" + huge + "\"},"
                + "{\"event\": \"delivered\", \"rcpt\": \"" + huge + "@example.com\"},"
                + "{\"event\": \"bounce\", \"rcpt\": \"a@example.com\", \"resp\": \"550 " + huge + "\", \"why\": \"" + huge + "\"},"
                + "{\"event\": \"delivered\", \"rcpt\": \"a@example.com\", \"message_id\": \"" + huge + "\", \"id\": \"" + huge + "\"},"
                + "{\"event\": \"click\", \"rcpt\": \"a@example.com\", \"link\": \"https://e.com/" + huge + "\","
                + " \"labels\": [\"" + huge + "\", \"ok\"], \"custom\": {\"k\": \"" + huge + "\"}, \"ts\": \"" + huge + "\"},"
                + "{\"event\": \"open\", \"rcpt\": \"a@example.com\", \"labels\": [\"ok\"], \"custom\": {\"k\": \"" + huge + "\"}}"
                + "]}");
        assertThat(items).hasSize(6);
        assertThat(items.get(0)).isInstanceOf(ParsedItem.Ignored.class);
        assertThat(((ParsedItem.Ignored) items.get(0)).reason().length()).isLessThan(200);
        assertThat(items.get(1)).isInstanceOf(ParsedItem.Failed.class);
        ProviderEvent bounce = only(items.get(2));
        assertThat(bounce.fields().path("smtp_response").asText()).hasSize(10_000);
        assertThat(items.get(3)).isInstanceOf(ParsedItem.Failed.class);
        assertThat(items.get(4)).isInstanceOf(ParsedItem.Failed.class);
        ProviderEvent open = only(items.get(5));
        assertThat(open.metadata().path("k").asText()).hasSize(2048);
        assertThat(assembleAll(PROVIDER, items)).hasSize(2);
    }

    @Test
    void unstorableTextIsLeftOutOrFailsOnlyItsItem() {
        List<ParsedItem> items = AsTheIntakeSees.items(PROVIDER, parse("""
                {"events": [
                  {"event": "delivered", "rcpt": "a@example.com", "resp": "250 \\u0000 ok", "custom": {"k": "\\ud800", "n": 1e999}},
                  {"event": "delivered", "rcpt": "a@example.com", "message_id": "m\\u0000n"},
                  {"event": "delivered", "rcpt": "a@example.com", "raw-only": "\\u0000"},
                  {"event": "delivered", "rcpt": "a\\u0000@example.com"}
                ]}"""));
        ProviderEvent first = only(items.get(0));
        assertThat(first.fields().has("smtp_response")).isFalse();
        assertThat(first.metadata().isEmpty()).isTrue();
        assertThat(items.get(1)).isInstanceOf(ParsedItem.Failed.class);
        ProviderEvent rawOnly = only(items.get(2));
        assertThat(EventAssembler.assemble(PROVIDER, rawOnly, rawOnly.emailId(), true, MovableClock.START).data().has("raw"))
                .as("raw the log cannot keep is dropped").isFalse();
        assertThat(items.get(3)).isInstanceOf(ParsedItem.Failed.class);
        assertThat(assembleAll(PROVIDER, items)).hasSize(2);
    }

    /** Every value of the sample items replaced by every hostile value: only Failed items or storable events. */
    @Test
    void hostileValuesAnywhereNeverThrow() throws Exception {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> hostile = List.of(f.nullNode(), f.numberNode(0), f.numberNode(-1), f.numberNode(1e300),
                f.numberNode(new java.math.BigDecimal("1e999999")), f.numberNode(Long.MAX_VALUE), f.booleanNode(true),
                f.textNode(""), f.textNode(" "), f.textNode("x".repeat(20_000)), f.textNode("\u0000"),
                f.textNode("1e999999999"), f.textNode("-1"), f.textNode("9999999999999"), f.arrayNode(), f.objectNode(),
                json("{\"a\": [[{\"b\": [1, {}]}]]}"), f.arrayNode().add(f.nullNode()).add(5).add("t"));
        ArrayNode batch = (ArrayNode) EventCodec.MAPPER.readTree(BATCH).get("events");
        MappingParser p = parser(MAPPING);
        int checked = 0;
        for (JsonNode original : batch) {
            List<String> keys = new ArrayList<>();
            original.fieldNames().forEachRemaining(keys::add);
            keys.add("bounce");
            keys.add("missing");
            for (String key : keys) {
                for (JsonNode value : hostile) {
                    ObjectNode item = original.deepCopy();
                    item.set(key, value);
                    ObjectNode wrapper = f.objectNode();
                    wrapper.putArray("events").add(item).add(json("{\"event\": \"sent\", \"rcpt\": \"ok@example.com\"}"));
                    byte[] bytes = EventCodec.MAPPER.writeValueAsBytes(wrapper);
                    List<ParsedItem> items = p.parse(WebhookRequest.of(Map.of(), bytes));
                    assertThat(items).hasSize(2);
                    assertThat(items.get(1)).isInstanceOf(ParsedItem.Events.class);
                    assertThat(items).extracting(ParsedItem::index).as("each item says where it was").containsExactly(0, 1);
                    // The parser's last-resort catch must not be what answered: that would be a bug hidden.
                    if (items.getFirst() instanceof ParsedItem.Failed failed) {
                        assertThat(failed.error()).as("%s = %.80s", key, value).doesNotStartWith("the event could not be read");
                    }
                    for (ParsedItem parsed : items) {
                        if (parsed instanceof ParsedItem.Events ev) {
                            ev.events().forEach(e -> assemble(PROVIDER, e));
                        }
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    /**
     * Random text, alone and spliced into the sample batch: a body that is not JSON with an events container is
     * refused as {@code body}; any other becomes items, each an event the intake stores or a failure naming
     * its field, never one the parser's last-resort catch had to answer.
     */
    @Test
    void randomBytesAreInvalidInputOrItems() {
        java.util.Random random = new java.util.Random(42);
        MappingParser p = parser(MAPPING);
        String alphabet = "{}[]\":,0123456789.eE-+ truefalsnull\\u/abc";
        int noiseRead = 0;
        int splicedRead = 0;
        int splicedRefused = 0;
        for (int n = 0; n < 3000; n++) {
            StringBuilder noise = new StringBuilder();
            int len = random.nextInt(60);
            for (int i = 0; i < len; i++) {
                noise.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            // Odd rounds: the noise replaces a few characters of a valid batch, so some bodies still hold events.
            boolean spliced = n % 2 == 1;
            String body = noise.toString();
            if (spliced) {
                int at = random.nextInt(BATCH.length());
                body = BATCH.substring(0, at) + noise + BATCH.substring(Math.min(BATCH.length(), at + random.nextInt(8)));
            }
            List<ParsedItem> items;
            try {
                items = p.parse(WebhookRequest.of(Map.of(), body.getBytes(StandardCharsets.UTF_8)));
            } catch (InvalidInputException refusal) {
                assertThat(refusal.field()).as(body).isEqualTo("body");
                splicedRefused += spliced ? 1 : 0;
                continue;
            }
            if (spliced) {
                splicedRead++;
            } else {
                noiseRead++;
            }
            for (ParsedItem item : AsTheIntakeSees.items(PROVIDER, items)) {
                if (item instanceof ParsedItem.Failed failed) {
                    assertThat(failed.error()).as(body).doesNotStartWith("the event could not be read");
                }
            }
        }
        // Noise alone never spells the "events" container the mapping names; spliced batches go either way.
        assertThat(noiseRead).as("noise bodies read as items").isZero();
        assertThat(splicedRead).as("spliced batches read as items").isGreaterThan(100);
        assertThat(splicedRefused).as("spliced batches refused").isGreaterThan(100);
    }
}
