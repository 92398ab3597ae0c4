package dev.postcard.providers.mailjet;

import static org.assertj.core.api.Assertions.assertThat;
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
import dev.postcard.providers.sparkpost.HostileInputs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MailjetProviderTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String EMAIL_ID = "msg_01JDQ4YB2C3D4E5F6G7H8J9K0M";

    private final MailjetProvider provider = new MailjetProvider();

    @Test
    void nameAndSettings() {
        assertThat(provider.name()).isEqualTo("mailjet");
        ObjectNode stored = provider.settings(json("{\"basic_auth\":{\"username\":\"mj\",\"password\":\"pass-word-1\"}}"));
        assertThat(stored.path("basic_auth").path("password").asText()).isEqualTo("pass-word-1");
        assertField(() -> provider.settings(json("{}")), "basic_auth");
        assertField(() -> provider.settings(json("{\"token\":\"token-123456\",\"api_key\":\"x\"}")), "api_key");
        assertField(() -> provider.settings(json("{\"token\":\"1234567\"}")), "token");
        assertField(() -> provider.settings(json("{\"basic_auth\":{\"username\":\"mj\",\"password\":\"1234567\"}}")),
                "basic_auth.password");
        ObjectNode shown = provider.publicSettings(provider.settings(
                json("{\"basic_auth\":{\"username\":\"mj\",\"password\":\"pass-word-1\"},\"token\":\"token-123456\"}")));
        assertThat(shown.toString()).doesNotContain("pass-word-1").doesNotContain("token-123456").contains("mj");
    }

    @Test
    void verifierChecksTheCredentialsMailjetSends() {
        RequestVerifier v = verifier("{\"basic_auth\":{\"username\":\"mj\",\"password\":\"pass-word-1\"}}");
        v.verify(request("{}", Map.of("Authorization", basic("mj", "pass-word-1"))), NOW);
        for (Map<String, String> headers : List.of(Map.<String, String>of(),
                Map.of("Authorization", basic("mj", "pass-word-2")), Map.of("Authorization", "Bearer pass-word-1"))) {
            assertThatThrownBy(() -> v.verify(request("{}", headers), NOW)).isInstanceOf(WebhookRejectedException.class)
                    .hasMessageNotContaining("pass-word-1");
        }
        RequestVerifier t = verifier("{\"token\":\"token-123456\"}");
        t.verify(new WebhookRequest(Map.of(), "{}".getBytes(StandardCharsets.UTF_8), Map.of("token", List.of("token-123456"))), NOW);
        assertThatThrownBy(() -> t.verify(new WebhookRequest(Map.of(), "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("token", List.of("token-12345"))), NOW)).isInstanceOf(WebhookRejectedException.class);
    }

    private static final String BATCH = """
            [
              {"event": "sent", "time": 1700000000, "MessageID": 19421777835146490, "Message_GUID": "1ab23cd4-e567",
               "email": "a@example.com", "mj_campaign_id": 7257, "mj_contact_id": 4, "customcampaign": "welcome",
               "mj_message_id": "19421777835146490", "smtp_reply": "sent (250 2.0.0 OK 1433333948 fa5si855896wjc.199 - gsmtp)",
               "CustomID": "helloworld", "Payload": "{\\"postcard_email_id\\": \\"%s\\", \\"user\\": 42}"},
              {"event": "open", "time": 1700000001, "MessageID": 19421777835146490, "email": "a@example.com",
               "ip": "127.0.0.1", "geo": "FR", "agent": "Mozilla/5.0", "CustomID": "%s", "Payload": ""},
              {"event": "click", "time": 1700000002, "MessageID": 19421777835146490, "email": "a@example.com",
               "url": "https://mailjet.com", "ip": "127.0.0.1", "geo": "", "agent": "Mozilla/5.0"},
              {"event": "bounce", "time": 1700000003, "MessageID": 13792286917004336, "email": "b@example.com",
               "blocked": false, "hard_bounce": true, "error_related_to": "recipient", "error": "user unknown",
               "comment": "Host or domain name not found. Name service error for name=lbjsnrftlsiuvbsren.com"},
              {"event": "bounce", "time": 1700000004, "MessageID": 13792286917004336, "email": "b@example.com",
               "hard_bounce": false, "error_related_to": "recipient", "error": "quota exceeded",
               "smtp_reply": "552 5.2.2 mailbox full"},
              {"event": "bounce", "time": 1700000005, "MessageID": "13792286917004336", "email": "b@example.com",
               "hard_bounce": false, "error": "greylisted"},
              {"event": "blocked", "time": 1700000006, "MessageID": 13792286917004336, "email": "c@example.com",
               "error_related_to": "recipient", "error": "user unsubscribed"},
              {"event": "blocked", "time": 1700000007, "MessageID": 13792286917004336, "email": "c@example.com",
               "error_related_to": "content", "error": "bad or empty template"},
              {"event": "spam", "time": 1700000008, "MessageID": 13792286917004336, "email": "d@example.com",
               "source": "JMRPP"},
              {"event": "unsub", "time": 1700000009, "MessageID": 20547674933128000, "email": "e@example.com",
               "mj_list_id": 1, "ip": "127.0.0.1", "geo": "FR", "agent": "Mozilla/5.0"},
              {"event": "sms_sent", "time": 1700000010}
            ]
            """.formatted(EMAIL_ID, EMAIL_ID);

    @Test
    void everyEventMaps() {
        List<ParsedItem> items = parse(BATCH);
        assertThat(items).extracting(i -> i instanceof ParsedItem.Events e ? e.events().getFirst().type() : null)
                .containsExactly(EventType.EMAIL_DELIVERED, EventType.EMAIL_OPENED, EventType.EMAIL_CLICKED,
                        EventType.EMAIL_BOUNCED, EventType.EMAIL_BOUNCED, EventType.EMAIL_DELIVERY_DELAYED,
                        EventType.EMAIL_DROPPED, EventType.EMAIL_DROPPED, EventType.EMAIL_COMPLAINED,
                        EventType.EMAIL_UNSUBSCRIBED, null);
        assertThat(items.get(10)).isInstanceOf(ParsedItem.Ignored.class);

        ProviderEvent sent = event(items, 0);
        assertThat(sent.providerMessageId()).contains("19421777835146490");
        assertThat(sent.recipient()).contains("a@example.com");
        assertThat(sent.emailId()).contains(EMAIL_ID);
        assertThat(sent.metadata().path("user").asInt()).isEqualTo(42);
        assertThat(sent.metadata().path("custom_id").asText()).isEqualTo("helloworld");
        assertThat(sent.tags()).containsExactly("welcome");
        assertThat(sent.occurredAt()).contains(Instant.ofEpochSecond(1_700_000_000));
        assertThat(sent.fields().path("smtp_response").asText()).isEqualTo("250 2.0.0 OK 1433333948 fa5si855896wjc.199 - gsmtp");
        assertThat(sent.providerEventId()).startsWith("sha256:");
        assertThat(sent.raw().path("Message_GUID").asText()).isEqualTo("1ab23cd4-e567");

        ProviderEvent open = event(items, 1);
        assertThat(open.emailId()).as("a CustomID that is a msg_ id").contains(EMAIL_ID);
        assertThat(open.fields().path("ip_address").asText()).isEqualTo("127.0.0.1");
        assertThat(open.fields().path("location").path("country").asText()).isEqualTo("FR");
        assertThat(event(items, 2).fields().path("url").asText()).isEqualTo("https://mailjet.com");
        assertThat(event(items, 2).fields().has("location")).isFalse();

        ProviderEvent hard = event(items, 3);
        assertThat(hard.fields().path("bounce_type").asText()).isEqualTo("hard");
        assertThat(hard.fields().path("bounce_reason").asText()).isEqualTo("user_unknown");
        assertThat(hard.fields().path("reason").asText()).isEqualTo("user unknown");
        ProviderEvent soft = event(items, 4);
        assertThat(soft.fields().path("bounce_type").asText()).isEqualTo("soft");
        assertThat(soft.fields().path("bounce_reason").asText()).isEqualTo("mailbox_full");
        assertThat(soft.fields().path("status_code").asText()).isEqualTo("5.2.2");
        assertThat(event(items, 5).fields().path("reason").asText()).isEqualTo("greylisted");
        assertThat(event(items, 5).providerMessageId()).contains("13792286917004336");
        assertThat(event(items, 6).fields().path("reason").asText()).isEqualTo("suppressed");
        assertThat(event(items, 7).fields().path("reason").asText()).isEqualTo("provider");
        assertThat(event(items, 9).fields().path("method").asText()).isEqualTo("provider");
        for (ParsedItem item : items) {
            if (item instanceof ParsedItem.Events events) {
                Event stored = EventAssembler.assemble("mailjet", events.events().getFirst(),
                        events.events().getFirst().emailId(), true, NOW);
                assertThat(stored.data().path("provider").asText()).isEqualTo("mailjet");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"duplicate in campaign, suppressed", "preblocked, suppressed", "user unsubscribed, suppressed",
            "typofix, invalid_address", "invalid address, invalid_address", "no mail host, invalid_address",
            "sender blocked, provider", "'', provider"})
    void blockedErrorsChooseTheDropReason(String error, String reason) {
        ProviderEvent e = event(parse("""
                {"event":"blocked","email":"a@example.com","error":"%s"}""".formatted(error)), 0);
        assertThat(e.fields().path("reason").asText()).isEqualTo(reason);
    }

    @Test
    void messageIdsKeepAllTheirDigits() {
        assertThat(event(parse("{\"event\":\"sent\",\"MessageID\":1152921504606846977}"), 0).providerMessageId())
                .contains("1152921504606846977");
        assertThat(event(parse("{\"event\":\"sent\",\"MessageID\":123456789012345678901234567890}"), 0).providerMessageId())
                .contains("123456789012345678901234567890");
        assertThat(event(parse("{\"event\":\"sent\",\"MessageID\":1.5,\"mj_message_id\":\"77\"}"), 0).providerMessageId())
                .contains("77");
    }

    @Test
    void aPayloadThatIsNoJsonObjectIsKeptAsText() {
        ProviderEvent e = event(parse("{\"event\":\"open\",\"email\":\"a@example.com\",\"Payload\":\"plain words\"}"), 0);
        assertThat(e.metadata().path("payload").asText()).isEqualTo("plain words");
        ProviderEvent arr = event(parse("{\"event\":\"open\",\"email\":\"a@example.com\",\"Payload\":\"[1,2]\"}"), 0);
        assertThat(arr.metadata().path("payload").asText()).isEqualTo("[1,2]");
    }

    @Test
    void oneBadEventDoesNotSpoilTheGroup() {
        List<ParsedItem> items = parse("""
                [{"event":"sent","email":"a@example.com","time":1700000000},
                 "sent",
                 {"time":1700000000},
                 {"event":"sent","email":"a@example.com","time":"noon"},
                 {"event":"sent","email":"nobody","time":1700000000},
                 {"event":"open","email":"a@example.com","time":1700000000}]""");
        assertThat(items).extracting(ParsedItem::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(items.get(0)).isInstanceOf(ParsedItem.Events.class);
        assertThat(items.get(5)).isInstanceOf(ParsedItem.Events.class);
        assertThat(items.subList(1, 5)).extracting(i -> ((ParsedItem.Failed) i).field())
                .containsExactly("", "event", "time", "email");
    }

    @Test
    void aBodyThatIsNoEventIsRefused() {
        for (String body : List.of("", "nope", "42", "\"sent\"", "null", "[{\"event\":\"sent\"}")) {
            assertField(() -> parse(body), "body");
        }
    }

    @Test
    void hostileInputsYieldOnlyFailedItemsOrABodyError() {
        assertThat(HostileInputs.probe(provider.parser(source("{\"token\":\"token-123456\"}")), "mailjet", BATCH))
                .isGreaterThan(1000);
    }

    private List<ParsedItem> parse(String body) {
        return provider.parser(source("{\"token\":\"token-123456\"}")).parse(request(body, Map.of()));
    }

    private static ProviderEvent event(List<ParsedItem> items, int index) {
        assertThat(items.get(index)).isInstanceOf(ParsedItem.Events.class);
        return ((ParsedItem.Events) items.get(index)).events().getFirst();
    }

    private RequestVerifier verifier(String settings) {
        return provider.verifier(source(settings), new ProviderContext(CLOCK, uri -> {
            throw new AssertionError("no fetches");
        }));
    }

    private Source source(String settings) {
        return new Source("src_01JDQ4Z6M7X9K2P8R5T3V1W0YA", "default", "mailjet", provider.settings(json(settings)),
                Source.DEFAULT_TOLERANCE, false, NOW);
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
