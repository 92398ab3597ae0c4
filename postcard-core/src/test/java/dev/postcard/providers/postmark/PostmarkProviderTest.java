package dev.postcard.providers.postmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.providers.EventAssembler;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ParserLimits;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.Source;
import dev.postcard.providers.WebhookRejectedException;
import dev.postcard.providers.WebhookRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PostmarkProviderTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:30:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String EMAIL_ID = "msg_01JDQ4YB2C3D4E5F6G7H8J9K0M";

    private final PostmarkProvider provider = new PostmarkProvider();

    // ---------------------------------------------------------------- settings and credentials

    @Nested
    class Settings {
        @Test
        void basicAuthAndTokenAreStoredAndHidden() {
            ObjectNode stored = provider.settings(creds());
            assertThat(stored.path("basic_auth").path("password").asText()).isEqualTo("pm-password-1");
            ObjectNode shown = provider.publicSettings(stored);
            assertThat(shown.toString()).doesNotContain("pm-password-1").doesNotContain("pm-token-123456");
            assertThat(shown.path("basic_auth").path("username").asText()).isEqualTo("postmark");
            assertThat(shown.path("token_set").asBoolean()).isTrue();
            assertThat(provider.name()).isEqualTo("postmark");
        }

        @Test
        void errorsNameTheField() {
            assertField(EventCodec.MAPPER.createObjectNode(), "basic_auth");
            assertField(EventCodec.MAPPER.createObjectNode().put("secret", "whsec_x"), "secret");
            assertField(EventCodec.MAPPER.createObjectNode().put("basic_auth", "user:pass"), "basic_auth");
            ObjectNode shortPassword = EventCodec.MAPPER.createObjectNode();
            shortPassword.putObject("basic_auth").put("username", "u").put("password", "short");
            assertField(shortPassword, "basic_auth.password");
            assertField(EventCodec.MAPPER.createObjectNode().put("token", "short"), "token");
        }

        @Test
        void verifierAdmitsEitherCredentialAndNothingElse() {
            RequestVerifier v = verifier(creds());
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            v.verify(WebhookRequest.of(Map.of("Authorization", basic("postmark", "pm-password-1")), body), NOW);
            v.verify(WebhookRequest.of(Map.of("authorization", "Bearer pm-token-123456"), body), NOW);
            v.verify(new WebhookRequest(Map.of(), body, Map.of("token", List.of("pm-token-123456"))), NOW);
            for (Map<String, String> bad : List.of(Map.<String, String>of(),
                    Map.of("Authorization", basic("postmark", "pm-password-2")),
                    Map.of("Authorization", basic("other", "pm-password-1")),
                    Map.of("Authorization", "Basic !!!"),
                    Map.of("Authorization", "Bearer pm-token-12345"))) {
                assertThatThrownBy(() -> v.verify(WebhookRequest.of(bad, body), NOW))
                        .isInstanceOf(WebhookRejectedException.class)
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pm-password-1").doesNotContain("pm-token"));
            }
        }
    }

    // ---------------------------------------------------------------- records

    @Nested
    class Records {
        @Test
        void delivery() {
            ProviderEvent e = single(record("Delivery").put("Recipient", "r@example.com")
                    .put("DeliveredAt", "2026-11-22T05:28:10.2735393-04:00").put("Details", "250 OK"));
            assertThat(e.type()).isEqualTo(EventType.EMAIL_DELIVERED);
            assertThat(e.recipient()).contains("r@example.com");
            assertThat(e.fields().path("smtp_response").asText()).isEqualTo("250 OK");
            assertThat(e.occurredAt()).contains(Instant.parse("2026-11-22T09:28:10.2735393Z"));
            assertThat(e.providerMessageId()).contains("883953f4-6105-42a2-a16a-77a8eac79483");
            assertThat(e.emailId()).contains(EMAIL_ID);
            assertThat(e.tags()).containsExactly("welcome");
            assertThat(e.metadata().path("user").asText()).isEqualTo("42");
            assertThat(e.providerEventId()).startsWith("sha256:");
        }

        @Test
        void hardBounce() {
            ProviderEvent e = single(bounce("HardBounce", 1).put("Details",
                    "smtp;550 5.1.1 The email account that you tried to reach does not exist."));
            assertThat(e.fields().path("bounce_type").asText()).isEqualTo("hard");
            assertThat(e.fields().path("bounce_reason").asText()).isEqualTo("user_unknown");
            assertThat(e.fields().path("status_code").asText()).isEqualTo("5.1.1");
            assertThat(e.fields().path("smtp_response").asText()).startsWith("550 5.1.1 The email account");
            assertThat(e.fields().path("reason").asText()).isEqualTo("Bounce description");
            assertThat(e.providerEventId()).isEqualTo("4323372036854775807");
            assertThat(e.recipient()).contains("b@example.com");
        }

        @Test
        void softBounceKeepsTheReasonItsTextGives() {
            ProviderEvent e = single(bounce("SoftBounce", 4096).put("Details", "452 4.2.2 Mailbox full"));
            assertThat(e.fields().path("bounce_type").asText()).isEqualTo("soft");
            assertThat(e.fields().path("bounce_reason").asText()).isEqualTo("mailbox_full");
        }

        @ParameterizedTest(name = "{0} ({1}) -> {2}")
        @CsvSource({
                "HardBounce,1,bounced:hard",
                "Transient,2,deferred",
                "Unsubscribe,16,unsubscribed",
                "Subscribe,32,ignored",
                "AutoResponder,64,ignored",
                "AddressChange,128,ignored",
                "DnsError,256,deferred",
                "SpamNotification,512,bounced:soft",
                "OpenRelayTest,1024,ignored",
                "Unknown,2048,bounced:undetermined",
                "SoftBounce,4096,bounced:soft",
                "VirusNotification,8192,bounced:soft",
                "ChallengeVerification,16384,ignored",
                "BadEmailAddress,100000,dropped",
                "SpamComplaint,100001,complained",
                "ManuallyDeactivated,100002,dropped",
                "Unconfirmed,100003,dropped",
                "Blocked,100006,bounced:soft",
                "SMTPApiError,100007,rejected",
                "InboundError,100008,ignored",
                "DMARCPolicy,100009,bounced:soft",
                "TemplateRenderingFailed,100010,failed",
        })
        void everyBounceTypeByNameAndByCode(String type, long code, String outcome) {
            assertThat(outcome(bounce(type, code))).as("by name and code").isEqualTo(outcome);
            ObjectNode byName = bounce(type, code);
            byName.remove("TypeCode");
            assertThat(outcome(byName)).as("by name").isEqualTo(outcome);
            ObjectNode byCode = bounce(type, code);
            byCode.remove("Type");
            assertThat(outcome(byCode)).as("by code").isEqualTo(outcome);
            ObjectNode codeAsText = bounce(type, code);
            codeAsText.remove("Type");
            codeAsText.put("TypeCode", Long.toString(code));
            assertThat(outcome(codeAsText)).as("by code as text").isEqualTo(outcome);
            ObjectNode noRecordType = bounce(type, code);
            noRecordType.remove("RecordType");
            assertThat(outcome(noRecordType)).as("without RecordType").isEqualTo(outcome);
        }

        @Test
        void bounceSpecificFields() {
            assertThat(fields(bounce("Blocked", 100006)).path("bounce_reason").asText()).isEqualTo("blocked");
            assertThat(fields(bounce("DMARCPolicy", 100009)).path("bounce_reason").asText()).isEqualTo("policy");
            assertThat(fields(bounce("VirusNotification", 8192)).path("bounce_reason").asText()).isEqualTo("content_rejected");
            assertThat(fields(bounce("SpamNotification", 512)).path("bounce_reason").asText()).isEqualTo("spam_detected");
            assertThat(fields(bounce("BadEmailAddress", 100000)).path("reason").asText()).isEqualTo("invalid_address");
            assertThat(fields(bounce("ManuallyDeactivated", 100002)).path("reason").asText()).isEqualTo("suppressed");
            assertThat(fields(bounce("Unconfirmed", 100003)).path("reason").asText()).isEqualTo("provider");
            ObjectNode render = fields(bounce("TemplateRenderingFailed", 100010).put("Details", "missing variable"));
            assertThat(render.path("reason").asText()).isEqualTo("rendering_failure");
            assertThat(render.path("error").asText()).isEqualTo("missing variable");
            assertThat(fields(bounce("SMTPApiError", 100007)).path("error").asText()).isEqualTo("details");
            ObjectNode noDetails = bounce("SMTPApiError", 100007);
            noDetails.remove("Details");
            assertThat(fields(noDetails).path("error").asText()).isEqualTo("Bounce description");
            ObjectNode delayed = fields(bounce("Transient", 2).put("Details", "smtp;421 4.4.2 timeout"));
            assertThat(delayed.path("smtp_response").asText()).isEqualTo("421 4.4.2 timeout");
            assertThat(fields(bounce("Unsubscribe", 16)).path("method").asText()).isEqualTo("provider");
        }

        @Test
        void theTypeNameWinsOverACodeThatDisagrees() {
            // Postmark's own SpamComplaint sample carries TypeCode 512 (SpamNotification).
            assertThat(outcome(bounce("SpamComplaint", 512))).isEqualTo("complained");
            assertThat(outcome(bounce("SomethingNew", 1))).isEqualTo("bounced:hard");
            assertThat(outcome(bounce("SomethingNew", 999))).isEqualTo("bounced:undetermined");
        }

        @Test
        void spamComplaintRecord() {
            ProviderEvent e = single(bounce("SpamComplaint", 100001).put("RecordType", "SpamComplaint"));
            assertThat(e.type()).isEqualTo(EventType.EMAIL_COMPLAINED);
            assertThat(e.recipient()).contains("b@example.com");
            assertThat(e.occurredAt()).contains(Instant.parse("2026-11-22T10:00:00Z"));
        }

        @Test
        void openWithGeoAndAgent() {
            ObjectNode r = record("Open").put("Recipient", "r@example.com").put("FirstOpen", false)
                    .put("ReceivedAt", "2026-11-22T10:01:00Z").put("UserAgent", "Mozilla/5.0 (iPhone)");
            r.putObject("Geo").put("IP", "203.0.113.5").put("CountryISOCode", "FR").put("City", "Lyon");
            ProviderEvent e = single(r);
            assertThat(e.type()).isEqualTo(EventType.EMAIL_OPENED);
            assertThat(e.fields().path("ip_address").asText()).isEqualTo("203.0.113.5");
            assertThat(e.fields().path("user_agent").asText()).isEqualTo("Mozilla/5.0 (iPhone)");
            assertThat(e.fields().path("location").path("country").asText()).isEqualTo("FR");
            assertThat(e.fields().path("location").path("city").asText()).isEqualTo("Lyon");
        }

        @Test
        void clickOnlyKeepsHttpLinks() {
            ObjectNode r = record("Click").put("Recipient", "r@example.com").put("OriginalLink", "https://x.example/p");
            assertThat(single(r).fields().path("url").asText()).isEqualTo("https://x.example/p");
            r.put("OriginalLink", "mailto:someone@example.com");
            assertThat(single(r).fields().has("url")).isFalse();
        }

        @Test
        void subscriptionChanges() {
            assertThat(outcome(change(true, "ManualSuppression", "Recipient"))).isEqualTo("unsubscribed");
            assertThat(outcome(change(true, "ManualSuppression", "Customer"))).isEqualTo("unsubscribed");
            assertThat(outcome(change(true, null, "Recipient"))).isEqualTo("unsubscribed");
            assertThat(outcome(change(true, null, "Customer"))).isEqualTo("ignored");
            assertThat(outcome(change(true, "HardBounce", "Recipient"))).isEqualTo("ignored");
            assertThat(outcome(change(true, "SpamComplaint", "Recipient"))).isEqualTo("ignored");
            assertThat(outcome(change(false, null, "Customer"))).isEqualTo("resubscribed");
            ProviderEvent e = single(change(true, "ManualSuppression", "Recipient"));
            assertThat(e.fields().path("method").asText()).isEqualTo("provider");
            assertThat(e.occurredAt()).contains(Instant.parse("2026-11-22T10:05:00Z"));
            assertThat(e.recipient()).contains("john@example.com");
        }

        @Test
        void unknownRecordTypesAreIgnored() {
            assertThat(outcome(record("Inbound"))).isEqualTo("ignored");
        }

        @Test
        void timesBefore1970CountAsNone() {
            ProviderEvent e = single(record("Delivery").put("Recipient", "r@example.com")
                    .put("DeliveredAt", "0001-01-01T00:00:00Z"));
            assertThat(e.occurredAt()).isEmpty();
        }

        @Test
        void emailIdTooLongForAnIdIsLeftOut() {
            ObjectNode r = record("Delivery").put("Recipient", "r@example.com");
            ((ObjectNode) r.get("Metadata")).put("postcard_email_id", "m".repeat(200));
            assertThat(single(r).emailId()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- hostile input

    @Nested
    class Hostile {
        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "{", "[]", "[{\"RecordType\":\"Delivery\"}]", "true", "null",
                "{\"RecordType\":\"Delivery\"}{}", "{\"ID\":1,\"ID\":2}"})
        void malformedBodiesAreInvalidInput(String body) {
            assertThatThrownBy(() -> parseRaw(body.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("body"));
        }

        @Test
        void unstorableTextAndDeepNestingAreInvalidInput() {
            assertThatThrownBy(() -> parseRaw("{\"RecordType\":\"Delivery\",\"Tag\":\"\\u0000\"}".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(InvalidInputException.class);
            String deep = "{\"RecordType\":\"Delivery\",\"Metadata\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3001);
            assertThatThrownBy(() -> parseRaw(deep.getBytes(StandardCharsets.UTF_8))).isInstanceOf(InvalidInputException.class);
        }

        @Test
        void wrongTypesBecomeFailedItemsNamingTheField() {
            assertFailed("{}", "RecordType");
            assertFailed("{\"MessageID\":\"x\"}", "RecordType");
            assertFailed("{\"RecordType\":7}", "RecordType");
            assertFailed("{\"RecordType\":{\"a\":1}}", "RecordType");
            assertFailed("{\"RecordType\":\"Delivery\",\"Recipient\":\"nobody\"}", "Recipient");
            assertFailed("{\"RecordType\":\"Delivery\",\"DeliveredAt\":\"yesterday\"}", "DeliveredAt");
            assertFailed("{\"RecordType\":\"Bounce\",\"Type\":\"HardBounce\",\"BouncedAt\":12}", "BouncedAt");
            assertFailed("{\"RecordType\":\"Bounce\",\"Type\":\"HardBounce\",\"Email\":\"a@b@c\"}", "Email");
            assertFailed("{\"RecordType\":\"SubscriptionChange\",\"SuppressSending\":\"yes\"}", "SuppressSending");
            assertFailed("{\"RecordType\":\"SubscriptionChange\"}", "SuppressSending");
            assertFailed("{\"RecordType\":\"Bounce\",\"Type\":\"HardBounce\",\"Recipient\":\"nobody\"}", "Recipient");
        }

        @Test
        void oddButHarmlessShapesStillParse() {
            String body = "{\"RecordType\":\"Open\",\"Recipient\":\"r@example.com\",\"Geo\":\"nowhere\",\"Client\":5,"
                    + "\"Metadata\":[1,2],\"Tag\":{\"a\":1},\"ID\":[1],\"MessageID\":{\"x\":1},\"UserAgent\":null}";
            ProviderEvent e = events(parseRaw(body.getBytes(StandardCharsets.UTF_8))).getFirst();
            assertThat(e.tags()).isEmpty();
            assertThat(e.metadata().isEmpty()).isTrue();
            assertStorable(e);
        }

        @Test
        void hugeStringsAreClippedAndStorable() {
            String huge = "x".repeat(300_000);
            // The field of each record type that carries Details (or Description): clipped, not dropped.
            Map<String, String> textField = Map.of("HardBounce", "smtp_response", "Transient", "smtp_response",
                    "SMTPApiError", "error", "TemplateRenderingFailed", "error");
            for (String type : List.of("HardBounce", "Transient", "SMTPApiError", "TemplateRenderingFailed")) {
                ObjectNode r = bounce(type, 1).put("Details", huge).put("Description", huge).put("Tag", huge)
                        .put("MessageID", huge).put("ID", huge);
                ((ObjectNode) r.get("Metadata")).put("big", huge);
                ProviderEvent e = onlyEvent(type, parse(r));
                ParserLimits.assertWithinLimits(type, e);
                assertThat(e.fields().path(textField.get(type)).asText()).as(type).hasSize(ParserLimits.TEXT);
                assertThat(e.providerEventId()).as(type).hasSize(ParserLimits.ID);
                assertThat(e.providerMessageId().orElseThrow()).as(type).hasSize(ParserLimits.TEXT);
                assertThat(e.tags()).as(type).singleElement().satisfies(tag -> assertThat(tag).hasSize(ParserLimits.TAG));
                assertThat(e.metadata().path("big").asText()).as(type).hasSize(ParserLimits.METADATA_VALUE);
            }
            ObjectNode click = record("Click").put("Recipient", "r@example.com").put("UserAgent", huge)
                    .put("OriginalLink", "https://x.example/" + huge);
            click.putObject("Geo").put("IP", huge).put("Country", huge).put("City", huge);
            ProviderEvent e = onlyEvent("Click", parse(click));
            ParserLimits.assertWithinLimits("Click", e);
            assertThat(e.fields().path("user_agent").asText()).hasSize(ParserLimits.TEXT);
            assertThat(e.fields().path("ip_address").asText()).hasSize(64);
            assertThat(e.fields().path("location").path("country").asText()).hasSize(100);
            assertThat(e.fields().path("location").path("city").asText()).hasSize(200);
            assertThat(e.fields().has("url")).as("a link too long to follow is left out").isFalse();
        }

        @Test
        void randomMutationsNeverThrowAnythingElse() {
            Random random = new Random(11);
            List<JsonNode> odd = List.of(EventCodec.MAPPER.nullNode(), EventCodec.MAPPER.getNodeFactory().numberNode(1e300),
                    EventCodec.MAPPER.getNodeFactory().numberNode(-4096), EventCodec.MAPPER.getNodeFactory().numberNode(2.5),
                    EventCodec.MAPPER.getNodeFactory().textNode(""), EventCodec.MAPPER.getNodeFactory().textNode("Bounce"),
                    EventCodec.MAPPER.getNodeFactory().textNode("x@y"), EventCodec.MAPPER.getNodeFactory().booleanNode(false),
                    EventCodec.MAPPER.createArrayNode(), EventCodec.MAPPER.createObjectNode(),
                    EventCodec.MAPPER.getNodeFactory().textNode("99999999999999999999999"),
                    EventCodec.MAPPER.getNodeFactory().textNode("1969-12-31T23:59:59Z"));
            List<String> recordTypes = List.of("Delivery", "Bounce", "SpamComplaint", "Open", "Click", "SubscriptionChange");
            List<String> fields = List.of("RecordType", "Type", "TypeCode", "ID", "MessageID", "Email", "Recipient",
                    "Details", "Description", "Name", "BouncedAt", "DeliveredAt", "ReceivedAt", "ChangedAt", "Tag",
                    "Metadata", "Geo", "UserAgent", "OriginalLink", "SuppressSending", "SuppressionReason", "Origin");
            int parsed = 0;
            int refused = 0;
            for (int i = 0; i < 4000; i++) {
                ObjectNode r = bounce("HardBounce", 1).put("RecordType", recordTypes.get(random.nextInt(recordTypes.size())))
                        .put("Recipient", "r@example.com").put("DeliveredAt", "2026-11-22T10:00:00Z")
                        .put("ReceivedAt", "2026-11-22T10:00:00Z").put("ChangedAt", "2026-11-22T10:00:00Z")
                        .put("SuppressSending", true).put("OriginalLink", "https://x.example");
                r.putObject("Geo").put("IP", "1.2.3.4");
                for (int m = 0; m < 1 + random.nextInt(3); m++) {
                    String field = fields.get(random.nextInt(fields.size()));
                    JsonNode value = odd.get(random.nextInt(odd.size()));
                    if (random.nextInt(5) == 0) {
                        r.remove(field);
                    } else {
                        r.set(field, value);
                    }
                }
                List<ParsedItem> items;
                try {
                    items = parseRaw(r.toString().getBytes(StandardCharsets.UTF_8));
                } catch (InvalidInputException expected) {
                    refused++;
                    continue;
                }
                parsed++;
                assertThat(items).hasSize(1);
                if (items.getFirst() instanceof ParsedItem.Failed f) {
                    assertThat(f.error()).as(r.toString()).doesNotStartWith("unreadable");
                }
                events(items).forEach(PostmarkProviderTest::assertStorable);
            }
            // A record is one JSON object, so every mutation still parses as a body; the checks above ran for each.
            assertThat(parsed).as("mutated records parsed (%d refused as a body)", refused).isEqualTo(4000);
        }

        private void assertFailed(String body, String field) {
            List<ParsedItem> items = parseRaw(body.getBytes(StandardCharsets.UTF_8));
            assertThat(items).as(body).singleElement().isInstanceOf(ParsedItem.Failed.class);
            assertThat(((ParsedItem.Failed) items.getFirst()).field()).as(body).isEqualTo(field);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static ObjectNode creds() {
        ObjectNode given = EventCodec.MAPPER.createObjectNode();
        given.putObject("basic_auth").put("username", "postmark").put("password", "pm-password-1");
        given.put("token", "pm-token-123456");
        return given;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private void assertField(ObjectNode given, String field) {
        assertThatThrownBy(() -> provider.settings(given)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
    }

    private RequestVerifier verifier(ObjectNode given) {
        Source source = new Source("src_pm", "default", "postmark", provider.settings(given), Duration.ZERO, false, NOW);
        return provider.verifier(source, new ProviderContext(CLOCK, uri -> {
            throw new IOException("no fetching");
        }));
    }

    static ObjectNode record(String recordType) {
        ObjectNode r = EventCodec.MAPPER.createObjectNode();
        r.put("RecordType", recordType).put("MessageID", "883953f4-6105-42a2-a16a-77a8eac79483")
                .put("ServerID", 23).put("MessageStream", "outbound").put("Tag", "welcome");
        r.putObject("Metadata").put("postcard_email_id", EMAIL_ID).put("user", "42");
        return r;
    }

    static ObjectNode bounce(String type, long code) {
        return record("Bounce").put("ID", 4323372036854775807L).put("Type", type).put("TypeCode", code)
                .put("Name", "Bounce name").put("Description", "Bounce description").put("Details", "details")
                .put("Email", "b@example.com").put("BouncedAt", "2026-11-22T10:00:00Z");
    }

    static ObjectNode change(boolean suppress, String reason, String origin) {
        ObjectNode r = record("SubscriptionChange").put("Recipient", "john@example.com")
                .put("ChangedAt", "2026-11-22T10:05:00Z").put("Origin", origin).put("SuppressSending", suppress);
        if (reason == null) {
            r.putNull("SuppressionReason");
        } else {
            r.put("SuppressionReason", reason);
        }
        return r;
    }

    private List<ParsedItem> parse(ObjectNode body) {
        return parseRaw(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private List<ParsedItem> parseRaw(byte[] body) {
        Source source = new Source("src_pm", "default", "postmark", provider.settings(creds()), Duration.ZERO, true, NOW);
        return provider.parser(source).parse(new WebhookRequest(new TreeMap<>(), body, Map.of()));
    }

    private String outcome(ObjectNode body) {
        List<ParsedItem> items = parse(body);
        assertThat(items).hasSize(1);
        events(items).forEach(PostmarkProviderTest::assertStorable);
        return switch (items.getFirst()) {
            case ParsedItem.Events ev -> {
                ProviderEvent e = ev.events().getFirst();
                yield switch (e.type()) {
                    case EMAIL_BOUNCED -> "bounced:" + e.fields().path("bounce_type").asText();
                    case EMAIL_DELIVERY_DELAYED -> "deferred";
                    case EMAIL_FAILED -> "rejected".equals(e.fields().path("reason").asText()) ? "rejected" : "failed";
                    default -> e.type().alias().orElseThrow();
                };
            }
            case ParsedItem.Ignored ig -> ig.reason().startsWith("resubscribed") ? "resubscribed" : "ignored";
            case ParsedItem.Failed f -> "failed item " + f.field();
            case ParsedItem.ConfirmSubscription c -> "confirm";
        };
    }

    private ObjectNode fields(ObjectNode body) {
        return single(body).fields();
    }

    private ProviderEvent single(ObjectNode body) {
        List<ProviderEvent> events = events(parse(body));
        assertThat(events).as(body.toString()).hasSize(1);
        assertStorable(events.getFirst());
        return events.getFirst();
    }

    private static List<ProviderEvent> events(List<ParsedItem> items) {
        return items.stream().filter(i -> i instanceof ParsedItem.Events)
                .flatMap(i -> ((ParsedItem.Events) i).events().stream()).toList();
    }

    /** The one event of a record that yields one, storable; the failure names the record, not its huge text. */
    private static ProviderEvent onlyEvent(String record, List<ParsedItem> items) {
        List<ProviderEvent> events = events(items);
        assertThat(events).as("events of the %s record", record).hasSize(1);
        assertStorable(events.getFirst());
        return events.getFirst();
    }

    static void assertStorable(ProviderEvent e) {
        assertThatCode(() -> EventAssembler.assemble("postmark", e, e.emailId(), true, NOW))
                .as("%s", e).doesNotThrowAnyException();
    }
}
