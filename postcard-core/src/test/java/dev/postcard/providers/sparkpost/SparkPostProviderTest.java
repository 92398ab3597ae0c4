package dev.postcard.providers.sparkpost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.providers.EventAssembler;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.Source;
import dev.postcard.providers.WebhookRejectedException;
import dev.postcard.providers.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SparkPostProviderTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String EMAIL_ID = "msg_01JDQ4YB2C3D4E5F6G7H8J9K0M";

    private final SparkPostProvider provider = new SparkPostProvider();

    // ---- settings, public settings, verification -------------------------------------------------------

    @Test
    void nameIsSparkpost() {
        assertThat(provider.name()).isEqualTo("sparkpost");
    }

    @Test
    void settingsKeepBasicAuthAndToken() {
        ObjectNode stored = provider.settings(settings("spark", "pass-word-1", "token-123456"));
        assertThat(stored.path("basic_auth").path("username").asText()).isEqualTo("spark");
        assertThat(stored.path("basic_auth").path("password").asText()).isEqualTo("pass-word-1");
        assertThat(stored.path("token").asText()).isEqualTo("token-123456");
    }

    @Test
    void settingsErrorsNameTheField() {
        assertField(() -> provider.settings(json("{}")), "basic_auth");
        assertField(() -> provider.settings(json("{\"token\":\"token-123456\",\"secret\":\"x\"}")), "secret");
        assertField(() -> provider.settings(json("{\"basic_auth\":\"user:pass\"}")), "basic_auth");
        assertField(() -> provider.settings(json("{\"basic_auth\":{\"username\":\"u\"}}")), "password");
        assertField(() -> provider.settings(json("{\"basic_auth\":{\"username\":\"u\",\"password\":\"short\"}}")),
                "basic_auth.password");
        assertField(() -> provider.settings(json("{\"basic_auth\":{\"username\":\"a:b\",\"password\":\"long-enough\"}}")),
                "basic_auth.username");
        assertField(() -> provider.settings(json("{\"token\":\"short\"}")), "token");
        assertField(() -> provider.settings(json("{\"token\":42}")), "token");
    }

    @Test
    void publicSettingsHideSecrets() {
        ObjectNode shown = provider.publicSettings(provider.settings(settings("spark", "pass-word-1", "token-123456")));
        assertThat(shown.toString()).doesNotContain("pass-word-1").doesNotContain("token-123456").contains("spark");
        assertThat(shown.path("token_set").asBoolean()).isTrue();
    }

    @Test
    void verifierAcceptsBasicAuthBearerAndQueryToken() {
        RequestVerifier v = verifier(settings("spark", "pass-word-1", "token-123456"));
        assertThatCode(() -> v.verify(request("[]", Map.of("Authorization", basic("spark", "pass-word-1"))), NOW))
                .doesNotThrowAnyException();
        assertThatCode(() -> v.verify(request("[]", Map.of("authorization", "Bearer token-123456")), NOW))
                .doesNotThrowAnyException();
        assertThatCode(() -> v.verify(withQueryToken("token-123456"), NOW)).doesNotThrowAnyException();
        // Each way, one character off is refused: the credentials were compared, not merely present.
        assertThatThrownBy(() -> v.verify(request("[]", Map.of("Authorization", basic("spark", "pass-word-2"))), NOW))
                .isInstanceOf(WebhookRejectedException.class);
        assertThatThrownBy(() -> v.verify(request("[]", Map.of("authorization", "Bearer token-123457")), NOW))
                .isInstanceOf(WebhookRejectedException.class);
        assertThatThrownBy(() -> v.verify(withQueryToken("token-123457"), NOW))
                .isInstanceOf(WebhookRejectedException.class);
    }

    private static WebhookRequest withQueryToken(String token) {
        return new WebhookRequest(Map.of(), "[]".getBytes(StandardCharsets.UTF_8), Map.of("token", List.of(token)));
    }

    @Test
    void verifierRejectsWrongOrMissingCredentialsWithoutLeakingThem() {
        RequestVerifier v = verifier(settings("spark", "pass-word-1", "token-123456"));
        for (Map<String, String> headers : List.of(Map.<String, String>of(),
                Map.of("Authorization", basic("spark", "pass-word-2")),
                Map.of("Authorization", basic("other", "pass-word-1")),
                Map.of("Authorization", "Basic !!!notbase64"),
                Map.of("Authorization", "Bearer token-1234567"),
                Map.of("Authorization", "token-123456"))) {
            assertThatThrownBy(() -> v.verify(request("[]", headers), NOW))
                    .isInstanceOf(WebhookRejectedException.class)
                    .hasMessageNotContaining("pass-word-1").hasMessageNotContaining("token-123456");
        }
        RequestVerifier basicOnly = verifier(settings("spark", "pass-word-1", null));
        assertThatThrownBy(() -> basicOnly.verify(request("[]", Map.of("Authorization", "Bearer token-123456")), NOW))
                .isInstanceOf(WebhookRejectedException.class);
    }

    // ---- event mapping -------------------------------------------------------------------------------

    private static final String BATCH = """
            [
              {"msys": {"message_event": {"type": "injection", "event_id": "1001", "transmission_id": "7001",
                "message_id": "m-1", "rcpt_to": "a@example.com", "raw_rcpt_to": "A@example.com",
                "rcpt_meta": {"postcard_email_id": "%s", "user_id": 42, "nested": {"x": 1}},
                "rcpt_tags": ["welcome", 5, "", "welcome", "second"], "template_id": "tpl-1",
                "timestamp": "1700000000"}}},
              {"msys": {"message_event": {"type": "delivery", "event_id": "1002", "transmission_id": "7001",
                "rcpt_to": "a@example.com", "timestamp": 1700000001}}},
              {"msys": {"message_event": {"type": "delay", "event_id": "1003", "transmission_id": "7001",
                "rcpt_to": "a@example.com", "bounce_class": "22",
                "raw_reason": "452 4.2.2 mailbox full", "timestamp": "1700000002"}}},
              {"msys": {"message_event": {"type": "out_of_band", "event_id": "1004", "transmission_id": "7001",
                "rcpt_to": "a@example.com", "bounce_class": "51",
                "raw_reason": "550 5.7.1 listed at a blocklist", "timestamp": "1700000003"}}},
              {"msys": {"message_event": {"type": "spam_complaint", "event_id": "1005", "transmission_id": "7001",
                "rcpt_to": "a@example.com", "fbtype": "Abuse", "timestamp": "1700000004"}}},
              {"msys": {"message_event": {"type": "policy_rejection", "event_id": "1006", "transmission_id": "7001",
                "rcpt_to": "b@example.com", "reason": "550 5.7.1 Unconfigured Sending Domain", "timestamp": "1700000005"}}},
              {"msys": {"message_event": {"type": "policy_rejection", "event_id": "1007", "transmission_id": "7001",
                "rcpt_to": "c@example.com", "raw_reason": "recipient address was suppressed due to customer policy"}}},
              {"msys": {"gen_event": {"type": "generation_failure", "event_id": "1008", "transmission_id": "7001",
                "rcpt_to": "a@example.com", "raw_reason": "554 5.3.3 [internal] Error while rendering"}}},
              {"msys": {"gen_event": {"type": "generation_rejection", "event_id": "1009", "transmission_id": "7001",
                "rcpt_to": "a@example.com", "reason": "554 5.7.1 rejected"}}},
              {"msys": {"track_event": {"type": "open", "event_id": "1010", "transmission_id": "7001",
                "rcpt_to": "a@example.com", "ip_address": "192.0.2.1", "user_agent": "UA/1",
                "geo_ip": {"country": "US", "city": "Columbia", "latitude": 1.5}}}},
              {"msys": {"track_event": {"type": "initial_open", "event_id": "1011", "rcpt_to": "a@example.com"}}},
              {"msys": {"track_event": {"type": "amp_initial_open", "event_id": "1012", "rcpt_to": "a@example.com"}}},
              {"msys": {"track_event": {"type": "click", "event_id": "1013", "rcpt_to": "a@example.com",
                "target_link_url": "https://example.com/x?y=1"}}},
              {"msys": {"track_event": {"type": "amp_click", "event_id": "1014", "rcpt_to": "a@example.com",
                "target_link_url": "javascript:alert(1)"}}},
              {"msys": {"unsubscribe_event": {"type": "link_unsubscribe", "event_id": "1015", "rcpt_to": "a@example.com"}}},
              {"msys": {"relay_event": {"type": "relay_delivery", "event_id": "1016"}}},
              {"msys": {"ab_test_event": {"type": "ab_test_completed"}}},
              {"msys": {"message_event": {"type": "sms_status", "event_id": "1017"}}},
              {"msys": {}}
            ]
            """.formatted(EMAIL_ID);

    @Test
    void everyEventTypeMapsToItsPostcardEvent() {
        List<ParsedItem> items = parse(BATCH);
        assertThat(items).extracting(ParsedItem::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
                14, 15, 16, 17, 18);
        assertThat(types(items)).containsExactly(EventType.EMAIL_SENT, EventType.EMAIL_DELIVERED,
                EventType.EMAIL_DELIVERY_DELAYED, EventType.EMAIL_BOUNCED, EventType.EMAIL_COMPLAINED,
                EventType.EMAIL_DROPPED, EventType.EMAIL_DROPPED, EventType.EMAIL_FAILED, EventType.EMAIL_FAILED,
                EventType.EMAIL_OPENED, EventType.EMAIL_OPENED, EventType.EMAIL_OPENED, EventType.EMAIL_CLICKED,
                EventType.EMAIL_CLICKED, EventType.EMAIL_UNSUBSCRIBED, null, null, null, null);
        assertThat(items.get(18)).isInstanceOf(ParsedItem.Ignored.class);

        ProviderEvent sent = event(items, 0);
        assertThat(sent.providerEventId()).isEqualTo("1001");
        assertThat(sent.providerMessageId()).contains("7001");
        assertThat(sent.recipient()).contains("a@example.com");
        assertThat(sent.emailId()).contains(EMAIL_ID);
        assertThat(sent.metadata().path("user_id").asInt()).isEqualTo(42);
        assertThat(sent.metadata().path("nested").asText()).isEqualTo("{\"x\":1}");
        assertThat(sent.tags()).containsExactly("welcome", "second");
        assertThat(sent.occurredAt()).contains(Instant.ofEpochSecond(1_700_000_000));
        assertThat(sent.fields().path("template_id").asText()).isEqualTo("tpl-1");

        assertThat(event(items, 1).occurredAt()).contains(Instant.ofEpochSecond(1_700_000_001));
        ProviderEvent delay = event(items, 2);
        assertThat(delay.fields().path("reason").asText()).isEqualTo("Mailbox Full");
        assertThat(delay.fields().path("smtp_response").asText()).isEqualTo("452 4.2.2 mailbox full");
        ProviderEvent oob = event(items, 3);
        assertThat(oob.fields().path("bounce_type").asText()).isEqualTo("soft");
        assertThat(oob.fields().path("bounce_reason").asText()).isEqualTo("blocked");
        assertThat(oob.fields().path("status_code").asText()).isEqualTo("5.7.1");
        assertThat(oob.fields().path("reason").asText()).isEqualTo("Spam Block");
        assertThat(event(items, 4).fields().path("complaint_type").asText()).isEqualTo("abuse");
        assertThat(event(items, 5).fields().path("reason").asText()).isEqualTo("provider");
        assertThat(event(items, 6).fields().path("reason").asText()).isEqualTo("suppressed");
        assertThat(event(items, 7).fields().path("reason").asText()).isEqualTo("rendering_failure");
        assertThat(event(items, 7).fields().path("error").asText()).contains("Error while rendering");
        assertThat(event(items, 8).fields().path("reason").asText()).isEqualTo("rejected");
        ProviderEvent open = event(items, 9);
        assertThat(open.fields().path("ip_address").asText()).isEqualTo("192.0.2.1");
        assertThat(open.fields().path("user_agent").asText()).isEqualTo("UA/1");
        assertThat(open.fields().path("location").toString()).isEqualTo("{\"country\":\"US\",\"city\":\"Columbia\"}");
        assertThat(event(items, 12).fields().path("url").asText()).isEqualTo("https://example.com/x?y=1");
        assertThat(event(items, 13).fields().has("url")).isFalse();
        assertThat(event(items, 14).fields().path("method").asText()).isEqualTo("provider");
    }

    @Test
    void eventsAreStorableAndCarryTheProviderData() {
        List<ParsedItem> items = parse(BATCH);
        for (ParsedItem item : items) {
            if (item instanceof ParsedItem.Events events) {
                for (ProviderEvent e : events.events()) {
                    Event stored = EventAssembler.assemble("sparkpost", e, e.emailId(), true, NOW);
                    assertThat(stored.data().path("provider").asText()).isEqualTo("sparkpost");
                    assertThat(stored.data().path("raw").isObject()).isTrue();
                }
            }
        }
        Event sent = EventAssembler.assemble("sparkpost", event(items, 0), Optional.of(EMAIL_ID), false, NOW);
        assertThat(sent.data().path("email_id").asText()).isEqualTo(EMAIL_ID);
        assertThat(sent.data().path("provider_message_id").asText()).isEqualTo("7001");
        assertThat(sent.createdAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
    }

    @Test
    void eachOpenItemIsOneOpenEvent() {
        List<ParsedItem> items = parse(BATCH);
        long opens = items.stream().filter(i -> i instanceof ParsedItem.Events)
                .mapToLong(i -> ((ParsedItem.Events) i).events().size()).sum();
        assertThat(opens).isEqualTo(15);
        assertThat(((ParsedItem.Events) items.get(10)).events()).hasSize(1);
    }

    @Test
    void theRecipientFallsBackToRawRcptTo() {
        ProviderEvent e = event(parse("""
                [{"msys":{"track_event":{"type":"open","raw_rcpt_to":"Raw@Example.com"}}}]"""), 0);
        assertThat(e.recipient()).contains("Raw@Example.com");
        assertThat(e.providerEventId()).startsWith("sha256:");
    }

    @ParameterizedTest
    @CsvSource({
            "1, undetermined, undetermined, Undetermined",
            "10, hard, user_unknown, Invalid Recipient",
            "20, soft, undetermined, Soft Bounce",
            "21, soft, host_unknown, DNS Failure",
            "22, soft, mailbox_full, Mailbox Full",
            "23, soft, message_too_large, Too Large",
            "24, soft, expired, Timeout",
            "25, soft, suppressed_by_provider, Admin Failure",
            "26, soft, suppressed_by_provider, Smart Send Suppression",
            "30, hard, user_unknown, 'Generic Bounce: No RCPT'",
            "40, soft, undetermined, Generic Bounce",
            "50, soft, blocked, Mail Block",
            "51, soft, blocked, Spam Block",
            "52, soft, spam_detected, Spam Content",
            "53, soft, content_rejected, Prohibited Attachment",
            "54, soft, policy, Relaying Denied",
            "70, soft, undetermined, Transient Failure",
            "90, hard, policy, Unsubscribe",
            "100, soft, policy, Challenge-Response"})
    void bounceClassesFollowSparkPostsTable(String code, String type, String reason, String name) {
        ProviderEvent e = event(parse("""
                [{"msys":{"message_event":{"type":"bounce","bounce_class":"%s","rcpt_to":"a@example.com"}}}]"""
                .formatted(code)), 0);
        assertThat(e.type()).isEqualTo(EventType.EMAIL_BOUNCED);
        assertThat(e.fields().path("bounce_type").asText()).isEqualTo(type);
        assertThat(e.fields().path("bounce_reason").asText()).isEqualTo(reason);
        assertThat(e.fields().path("reason").asText()).isEqualTo(name);
        EventAssembler.assemble("sparkpost", e, Optional.empty(), false, NOW);
    }

    @ParameterizedTest
    @CsvSource({"60", "80"})
    void autoRepliesAndSubscribeRequestsAreNoFailures(String code) {
        List<ParsedItem> items = parse("""
                [{"msys":{"message_event":{"type":"bounce","bounce_class":"%s","rcpt_to":"a@example.com"}}}]"""
                .formatted(code));
        assertThat(items.getFirst()).isInstanceOf(ParsedItem.Ignored.class);
    }

    @Test
    void genericClassesTakeTheReasonFromTheSmtpText() {
        ProviderEvent e = event(parse("""
                [{"msys":{"message_event":{"type":"bounce","bounce_class":"40","rcpt_to":"a@example.com",
                  "raw_reason":"552 5.2.2 mailbox is full"}}}]"""), 0);
        assertThat(e.fields().path("bounce_reason").asText()).isEqualTo("mailbox_full");
        assertThat(e.fields().path("bounce_type").asText()).isEqualTo("soft");
        ProviderEvent unknownClass = event(parse("""
                [{"msys":{"message_event":{"type":"bounce","bounce_class":"999","rcpt_to":"a@example.com",
                  "raw_reason":"550 5.1.1 user unknown"}}}]"""), 0);
        assertThat(unknownClass.fields().path("bounce_type").asText()).isEqualTo("hard");
        assertThat(unknownClass.fields().path("bounce_reason").asText()).isEqualTo("user_unknown");
    }

    // ---- bad input ------------------------------------------------------------------------------------

    @Test
    void oneBadItemDoesNotSpoilTheBatch() {
        List<ParsedItem> items = parse("""
                [
                  {"msys":{"message_event":{"type":"delivery","rcpt_to":"a@example.com","timestamp":"1700000000"}}},
                  42,
                  {"msys":[]},
                  {"msys":{"message_event":"delivery"}},
                  {"msys":{"message_event":{"rcpt_to":"a@example.com"}}},
                  {"msys":{"message_event":{"type":"delivery","rcpt_to":"a@example.com","timestamp":"yesterday"}}},
                  {"msys":{"message_event":{"type":"delivery","rcpt_to":"not an address"}}},
                  {"msys":{"message_event":{"type":"delivery","rcpt_to":"a@example.com","timestamp":"99999999999999"}}},
                  {"msys":{"message_event":{"type":"delivery","rcpt_to":"b@example.com"}}}
                ]""");
        assertThat(items).hasSize(9);
        assertThat(items.get(0)).isInstanceOf(ParsedItem.Events.class);
        assertThat(items.get(8)).isInstanceOf(ParsedItem.Events.class);
        assertThat(items.subList(1, 8)).allMatch(i -> i instanceof ParsedItem.Failed);
        assertThat(items.subList(1, 8)).extracting(i -> ((ParsedItem.Failed) i).field()).containsExactly("",
                "msys", "msys.message_event", "msys.message_event.type", "msys.message_event.timestamp",
                "msys.message_event.rcpt_to", "msys.message_event.timestamp");
        assertThat(items).extracting(ParsedItem::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void aBodyThatIsNoArrayIsRefused() {
        for (String body : List.of("", "not json", "{\"msys\":{}}", "\"[]\"", "[{\"msys\":{}}", "[{\"msys\":{}}] x")) {
            assertThatThrownBy(() -> parse(body)).isInstanceOf(InvalidInputException.class)
                    .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("body");
        }
        assertThat(parse("[]")).isEmpty();
    }

    @Test
    void hostileInputsYieldOnlyFailedItemsOrABodyError() {
        int tried = HostileInputs.probe(provider.parser(source(settings("u", "pass-word-1", null))), "sparkpost", BATCH);
        assertThat(tried).isGreaterThan(1000);
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private List<ParsedItem> parse(String body) {
        return provider.parser(source(settings("u", "pass-word-1", null))).parse(request(body, Map.of()));
    }

    private static List<EventType> types(List<ParsedItem> items) {
        return items.stream().map(i -> i instanceof ParsedItem.Events e ? e.events().getFirst().type() : null).toList();
    }

    private static ProviderEvent event(List<ParsedItem> items, int index) {
        assertThat(items.get(index)).isInstanceOf(ParsedItem.Events.class);
        return ((ParsedItem.Events) items.get(index)).events().getFirst();
    }

    private RequestVerifier verifier(ObjectNode given) {
        return provider.verifier(source(given), new ProviderContext(CLOCK, uri -> {
            throw new AssertionError("no fetches");
        }));
    }

    private Source source(ObjectNode given) {
        return new Source("src_01JDQ4Z6M7X9K2P8R5T3V1W0YA", "default", "sparkpost", provider.settings(given),
                Source.DEFAULT_TOLERANCE, false, NOW);
    }

    private static ObjectNode settings(String user, String password, String token) {
        ObjectNode node = EventCodec.MAPPER.createObjectNode();
        if (user != null) {
            node.putObject("basic_auth").put("username", user).put("password", password);
        }
        if (token != null) {
            node.put("token", token);
        }
        return node;
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) EventCodec.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void assertField(Runnable call, String field) {
        assertThatThrownBy(call::run).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo(field);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static WebhookRequest request(String body, Map<String, String> headers) {
        return WebhookRequest.of(headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
