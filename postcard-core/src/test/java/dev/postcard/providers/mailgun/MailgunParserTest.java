package dev.postcard.providers.mailgun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
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

class MailgunParserTest {
    private final MailgunParser parser = new MailgunParser();

    private static final String COMMON = """
            "id":"evt-id-1","timestamp":1795343400.123456,"recipient":"Bob@Example.com",
            "message":{"headers":{"message-id":"20261122.1.ABC@mg.example.org","to":"bob@example.com"}},
            "tags":["welcome","", 7],"user-variables":{"postcard_email_id":"msg_01JDQ4YB2C3D4E5F6G7H8J9K0M","user":"42"}""";

    @Test
    void acceptedIsSentWithTheCommonFields() {
        ProviderEvent e = one("{\"event\":\"accepted\"," + COMMON + ",\"template\":{\"name\":\"welcome-v2\"}}");
        assertThat(e.type()).isEqualTo(EventType.EMAIL_SENT);
        assertThat(e.providerEventId()).isEqualTo("tok-1");
        assertThat(e.providerMessageId()).contains("20261122.1.ABC@mg.example.org");
        assertThat(e.recipient()).contains("Bob@Example.com");
        assertThat(e.occurredAt()).contains(Instant.parse("2026-11-22T10:30:00.123Z"));
        assertThat(e.tags()).containsExactly("welcome");
        assertThat(e.metadata()).isEqualTo(json("{\"postcard_email_id\":\"msg_01JDQ4YB2C3D4E5F6G7H8J9K0M\",\"user\":\"42\"}"));
        assertThat(e.emailId()).contains("msg_01JDQ4YB2C3D4E5F6G7H8J9K0M");
        assertThat(e.fields()).isEqualTo(json("{\"template_id\":\"welcome-v2\"}"));
    }

    @Test
    void deliveredCarriesTheSmtpResponse() {
        ProviderEvent e = one("{\"event\":\"delivered\"," + COMMON
                + ",\"delivery-status\":{\"code\":250,\"message\":\"OK\",\"description\":\"\"}}");
        assertThat(e.type()).isEqualTo(EventType.EMAIL_DELIVERED);
        assertThat(e.fields()).isEqualTo(json("{\"smtp_response\":\"250 OK\"}"));
    }

    @Test
    void temporaryFailuresAreDelays() {
        ProviderEvent e = one("{\"event\":\"failed\",\"severity\":\"temporary\",\"reason\":\"generic\"," + COMMON
                + ",\"delivery-status\":{\"code\":451,\"enhanced-code\":\"4.7.652\",\"message\":\"4.7.652 too many connections\"}}");
        assertThat(e.type()).isEqualTo(EventType.EMAIL_DELIVERY_DELAYED);
        assertThat(e.fields()).isEqualTo(json("{\"smtp_response\":\"451 4.7.652 too many connections\",\"reason\":\"generic\"}"));
    }

    @Test
    void permanentFailuresAreBouncesOrDrops() {
        ProviderEvent hard = one("{\"event\":\"failed\",\"severity\":\"permanent\",\"reason\":\"bounce\"," + COMMON
                + ",\"delivery-status\":{\"code\":550,\"enhanced-code\":\"5.1.1\",\"message\":\"5.1.1 no such user\","
                + "\"description\":\"\"}}");
        assertThat(hard.type()).isEqualTo(EventType.EMAIL_BOUNCED);
        assertThat(hard.fields()).isEqualTo(json("""
                {"bounce_type":"hard","bounce_reason":"user_unknown","status_code":"5.1.1",
                 "smtp_response":"550 5.1.1 no such user","reason":"bounce"}"""));

        ProviderEvent blocked = one("{\"event\":\"failed\",\"severity\":\"permanent\",\"reason\":\"generic\"," + COMMON
                + ",\"delivery-status\":{\"code\":554,\"message\":\"5.7.1 Message rejected as spam\"}}");
        assertThat(blocked.fields().path("bounce_type").asText()).isEqualTo("soft");
        assertThat(blocked.fields().path("bounce_reason").asText()).isEqualTo("spam_detected");

        ProviderEvent unknown = one("{\"event\":\"failed\",\"severity\":\"permanent\"," + COMMON + "}");
        assertThat(unknown.type()).isEqualTo(EventType.EMAIL_BOUNCED);
        assertThat(unknown.fields().path("bounce_type").asText()).isEqualTo("hard");
        assertThat(unknown.fields().path("bounce_reason").asText()).isEqualTo("undetermined");

        ProviderEvent old = one("{\"event\":\"failed\",\"severity\":\"permanent\",\"reason\":\"old\"," + COMMON
                + ",\"delivery-status\":{\"code\":421,\"message\":\"try later\"}}");
        assertThat(old.fields().path("bounce_reason").asText()).isEqualTo("expired");
        assertThat(old.fields().path("bounce_type").asText()).isEqualTo("soft");

        for (String reason : List.of("suppress-bounce", "suppress-unsubscribe", "suppress-complaint")) {
            ProviderEvent drop = one("{\"event\":\"failed\",\"severity\":\"permanent\",\"reason\":\"" + reason + "\","
                    + COMMON + "}");
            assertThat(drop.type()).isEqualTo(EventType.EMAIL_DROPPED);
            assertThat(drop.fields()).isEqualTo(json("{\"reason\":\"suppressed\"}"));
        }
        ProviderEvent legacy = one("{\"event\":\"failed\",\"severity\":\"permanent\",\"reason\":\"bounce\"," + COMMON
                + ",\"delivery-status\":{\"code\":605,\"description\":\"Not delivering to previously bounced address\"}}");
        assertThat(legacy.fields()).isEqualTo(json("{\"reason\":\"suppressed\"}"));
        ProviderEvent policy = one("{\"event\":\"failed\",\"severity\":\"permanent\",\"reason\":\"generic\"," + COMMON
                + ",\"delivery-status\":{\"code\":\"625\",\"description\":\"ESP block\"}}");
        assertThat(policy.type()).isEqualTo(EventType.EMAIL_DROPPED);
        assertThat(policy.fields()).isEqualTo(json("{\"reason\":\"provider\"}"));
    }

    @Test
    void opensAndClicksWithBots() {
        ProviderEvent human = one("{\"event\":\"opened\"," + COMMON + ",\"ip\":\"1.2.3.4\",\"geolocation\":"
                + "{\"country\":\"US\",\"region\":\"TX\",\"city\":\"Austin\"},\"client-info\":{\"user-agent\":\"UA\",\"bot\":\"\"}}");
        assertThat(human.type()).isEqualTo(EventType.EMAIL_OPENED);
        assertThat(human.fields()).isEqualTo(json("""
                {"ip_address":"1.2.3.4","user_agent":"UA","location":{"country":"US","city":"Austin"},"machine":false}"""));
        ProviderEvent bot = one("{\"event\":\"opened\"," + COMMON + ",\"client-info\":{\"bot\":\"apple\"}}");
        assertThat(bot.fields()).isEqualTo(json("{\"machine\":true,\"machine_reason\":\"provider_flag\"}"));
        ProviderEvent click = one("{\"event\":\"clicked\"," + COMMON
                + ",\"url\":\"https://example.org/x\",\"client-info\":{\"bot\":true},\"geolocation\":\"Unknown\"}");
        assertThat(click.fields()).isEqualTo(json("""
                {"machine":true,"machine_reason":"provider_flag","url":"https://example.org/x"}"""));
        ProviderEvent badUrl = one("{\"event\":\"clicked\"," + COMMON + ",\"url\":\"ftp://example.org/x\"}");
        assertThat(badUrl.fields().has("url")).isFalse();
    }

    @Test
    void unsubscribesComplaintsAndRejections() {
        assertThat(one("{\"event\":\"unsubscribed\"," + COMMON + "}").fields()).isEqualTo(json("{\"method\":\"provider\"}"));
        assertThat(one("{\"event\":\"complained\"," + COMMON + "}").fields()).isEqualTo(json("{\"complaint_type\":\"abuse\"}"));
        ProviderEvent rejected = one("""
                {"event":"rejected","timestamp":1795343400,"reject":{"reason":"Sandbox subdomains are for test purposes only","description":""},
                 "message":{"headers":{"to":"joan@example.org","message-id":"m@x"}}}""");
        assertThat(rejected.type()).isEqualTo(EventType.EMAIL_FAILED);
        assertThat(rejected.recipient()).contains("joan@example.org");
        assertThat(rejected.fields()).isEqualTo(json("""
                {"reason":"rejected","error":"Sandbox subdomains are for test purposes only"}"""));
        ProviderEvent noTo = one("""
                {"event":"rejected","message":{"headers":{"to":"Joan <joan@example.org>, x@y.z"}}}""");
        assertThat(noTo.recipient()).isEmpty();
        assertThat(noTo.fields().path("error").asText()).isEqualTo("rejected by Mailgun");
    }

    @Test
    void otherEventsAreIgnored() {
        assertThat(parse(body("{\"event\":\"stored\"," + COMMON + "}"))).singleElement()
                .isInstanceOf(ParsedItem.Ignored.class);
        assertThat(parse(body("{\"event\":\"list_member_uploaded\"}"))).singleElement()
                .isInstanceOf(ParsedItem.Ignored.class);
    }

    @Test
    void userVariablesThatAreNotAnObjectAreNoMetadata() {
        ProviderEvent e = one("""
                {"event":"delivered","recipient":"a@example.com","user-variables":"Could not load user-variables"}""");
        assertThat(e.metadata().isEmpty()).isTrue();
        assertThat(e.emailId()).isEmpty();
    }

    @Test
    void withoutATokenTheContentIsTheDedupeKey() {
        List<ParsedItem> items = parser.parse(request("{\"event-data\":{\"event\":\"delivered\",\"recipient\":\"a@example.com\"}}"));
        ProviderEvent e = events(items).getFirst();
        assertThat(e.providerEventId()).startsWith("sha256:");
    }

    @Test
    void unusableEventsAreFailedItems() {
        assertFailed("{\"signature\":{}}", "event-data");
        assertFailed("{\"event-data\":[1]}", "event-data");
        assertFailed(body("{}"), "event-data.event");
        assertFailed(body("{\"event\":\"delivered\",\"recipient\":\"not an address\"}"), "data.to");
        assertFailed(body("{\"event\":\"delivered\",\"recipient\":\"a@example.com\",\"timestamp\":\"noon\"}"),
                "event-data.timestamp");
        assertFailed(body("{\"event\":\"delivered\",\"recipient\":\"a@example.com\",\"timestamp\":-1e300}"),
                "event-data.timestamp");
        assertFailed(body("{\"event\":\"delivered\",\"recipient\":\"a@example.com\",\"timestamp\":1e300}"),
                "event-data.timestamp");
    }

    @Test
    void bodiesThatAreNotMailgunJsonAreRefusedAsBody() {
        for (String body : List.of("", "event=delivered&recipient=a", "[]", "42", "null", "{\"a\":",
                "{".repeat(5000) + "}".repeat(5000))) {
            assertThatThrownBy(() -> parser.parse(request(body)))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body"));
        }
    }

    @Test
    void hostileValuesAnywhereBecomeFailedItemsOrAreTolerated() {
        ObjectNode base = json("""
                {"event":"failed","severity":"permanent","reason":"generic","timestamp":1795343400.5,
                 "recipient":"a@example.com","tags":["t"],"user-variables":{"k":"v"},"ip":"1.2.3.4","url":"https://x",
                 "message":{"headers":{"message-id":"m@x","to":"a@example.com"}},
                 "delivery-status":{"code":550,"enhanced-code":"5.1.1","message":"m","description":"d"},
                 "client-info":{"bot":"","user-agent":"u"},"geolocation":{"country":"US","city":"X"},
                 "reject":{"reason":"r","description":"d"},"template":{"name":"t"}}""");
        List<JsonNode> hostile = List.of(EventCodec.MAPPER.nullNode(), json("{\"a\":{\"b\":[1,{}]}}"),
                EventCodec.MAPPER.createArrayNode().add(1).addNull(),
                EventCodec.MAPPER.getNodeFactory().numberNode(1.5e300),
                EventCodec.MAPPER.getNodeFactory().numberNode(605),
                EventCodec.MAPPER.getNodeFactory().booleanNode(true),
                EventCodec.MAPPER.getNodeFactory().textNode("x".repeat(100_000)),
                EventCodec.MAPPER.getNodeFactory().textNode("\u0000"),
                EventCodec.MAPPER.getNodeFactory().textNode(""));
        int checked = 0;
        for (String event : List.of("accepted", "delivered", "failed", "opened", "clicked", "unsubscribed",
                "complained", "rejected")) {
            for (String field : fieldNames(base)) {
                for (JsonNode value : hostile) {
                    ObjectNode data = base.deepCopy().put("event", event);
                    data.set(field, value);
                    if (field.equals("event")) {
                        data.set(field, value);
                    }
                    ObjectNode body = EventCodec.MAPPER.createObjectNode();
                    body.putObject("signature").put("token", "t");
                    body.set("event-data", data);
                    List<ParsedItem> items = AsTheIntakeSees.items("mailgun", parser.parse(request(body.toString())));
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
        // The signature block itself may be anything.
        for (JsonNode value : hostile) {
            ObjectNode body = EventCodec.MAPPER.createObjectNode();
            body.set("signature", value);
            body.set("event-data", base);
            assertThat(parser.parse(request(body.toString()))).hasSize(1);
        }
        assertThat(checked).isGreaterThan(1000);
    }

    private void assertFailed(String body, String field) {
        assertThat(AsTheIntakeSees.items("mailgun", parser.parse(request(body)))).singleElement()
                .isInstanceOfSatisfying(ParsedItem.Failed.class,
                f -> assertThat(f.field()).isEqualTo(field));
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private ProviderEvent one(String eventData) {
        List<ProviderEvent> events = events(parse(body(eventData)));
        assertThat(events).hasSize(1);
        return events.getFirst();
    }

    private static String body(String eventData) {
        return "{\"signature\":{\"timestamp\":\"1795343400\",\"token\":\"tok-1\",\"signature\":\"x\"},\"event-data\":"
                + eventData + "}";
    }

    private List<ParsedItem> parse(String body) {
        return parser.parse(request(body));
    }

    private static WebhookRequest request(String body) {
        return WebhookRequest.of(Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    /** The events of the items, each assembled and validated as POST /v1/events would. */
    static List<ProviderEvent> events(List<ParsedItem> items) {
        List<ProviderEvent> out = new ArrayList<>();
        for (ParsedItem item : items) {
            if (item instanceof ParsedItem.Events events) {
                for (ProviderEvent e : events.events()) {
                    EventAssembler.assemble("mailgun", e, e.emailId(), true, MovableClock.START);
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
