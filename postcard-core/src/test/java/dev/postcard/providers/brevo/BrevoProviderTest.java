package dev.postcard.providers.brevo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
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

class BrevoProviderTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String EMAIL_ID = "msg_01JDQ4YB2C3D4E5F6G7H8J9K0M";

    private final BrevoProvider provider = new BrevoProvider();

    @Test
    void nameAndSettings() {
        assertThat(provider.name()).isEqualTo("brevo");
        ObjectNode stored = provider.settings(json("{\"token\":\"token-123456\"}"));
        assertThat(stored.path("token").asText()).isEqualTo("token-123456");
        assertField(() -> provider.settings(json("{}")), "basic_auth");
        assertField(() -> provider.settings(json("{\"token\":\"token-123456\",\"webhook_id\":1}")), "webhook_id");
        assertField(() -> provider.settings(json("{\"basic_auth\":[]}")), "basic_auth");
        assertField(() -> provider.settings(json("{\"basic_auth\":{\"username\":\"\",\"password\":\"pass-word-1\"}}")),
                "username");
        ObjectNode shown = provider.publicSettings(provider.settings(
                json("{\"basic_auth\":{\"username\":\"brevo\",\"password\":\"pass-word-1\"},\"token\":\"token-123456\"}")));
        assertThat(shown.toString()).doesNotContain("pass-word-1").doesNotContain("token-123456").contains("brevo");
    }

    @Test
    void verifierAcceptsEitherCredentialWhenBothAreSet() {
        RequestVerifier v = verifier("{\"basic_auth\":{\"username\":\"brevo\",\"password\":\"pass-word-1\"},\"token\":\"token-123456\"}");
        v.verify(request("{}", Map.of("Authorization", basic("brevo", "pass-word-1"))), NOW);
        v.verify(request("{}", Map.of("Authorization", "bearer token-123456")), NOW);
        for (Map<String, String> headers : List.of(Map.<String, String>of(),
                Map.of("Authorization", basic("brevo", "token-123456")),
                Map.of("Authorization", "Bearer pass-word-1"),
                Map.of("Authorization", "Bearer "))) {
            assertThatThrownBy(() -> v.verify(request("{}", headers), NOW)).isInstanceOf(WebhookRejectedException.class)
                    .hasMessageNotContaining("pass-word-1").hasMessageNotContaining("token-123456");
        }
    }

    @ParameterizedTest
    @CsvSource({
            "request, email.sent", "delivered, email.delivered", "hard_bounce, email.bounced",
            "soft_bounce, email.bounced", "blocked, email.dropped", "invalid_email, email.dropped",
            "deferred, email.delivery_delayed", "spam, email.complained", "complaint, email.complained",
            "error, email.failed", "opened, email.opened", "unique_opened, email.opened", "proxy_open, email.opened",
            "unique_proxy_open, email.opened", "click, email.clicked", "unsubscribed, email.unsubscribed",
            "unsubscribe, email.unsubscribed"})
    void everyEventMaps(String brevoEvent, String type) {
        ProviderEvent e = single("""
                {"event": "%s", "email": "Someone@Example.com", "id": 26224, "date": "2026-11-22 11:00:00",
                 "ts": 1700000000, "message-id": " <202611221100.123@smtp-relay.mailin.fr> ", "ts_event": 1700000001,
                 "ts_epoch": 1700000001234, "subject": "Hi", "tag": "[\\"t1\\",\\"t2\\"]", "tags": ["t1", "t3"],
                 "X-Mailin-custom": "{\\"postcard_email_id\\":\\"%s\\",\\"plan\\":\\"pro\\"}",
                 "reason": "550 5.1.1 user unknown", "link": "https://example.com/a", "template_id": 7,
                 "sending_ip": "185.41.28.109"}""".formatted(brevoEvent, EMAIL_ID));
        assertThat(e.type().wireName()).isEqualTo(type);
        assertThat(e.providerMessageId()).contains("<202611221100.123@smtp-relay.mailin.fr>");
        assertThat(e.recipient()).contains("Someone@Example.com");
        assertThat(e.emailId()).contains(EMAIL_ID);
        assertThat(e.metadata().path("plan").asText()).isEqualTo("pro");
        assertThat(e.tags()).containsExactly("t1", "t3", "t2");
        assertThat(e.occurredAt()).contains(Instant.ofEpochMilli(1_700_000_001_234L));
        assertThat(e.providerEventId()).as("Brevo's id is the webhook's, not the event's").startsWith("sha256:");
        Event stored = EventAssembler.assemble("brevo", e, e.emailId(), true, NOW);
        assertThat(stored.data().path("to").asText()).isEqualTo("someone@example.com");
    }

    @Test
    void typeSpecificFields() {
        ProviderEvent hard = single("{\"event\":\"hard_bounce\",\"email\":\"a@example.com\",\"reason\":\"550 5.1.1 user unknown\"}");
        assertThat(hard.fields().path("bounce_type").asText()).isEqualTo("hard");
        assertThat(hard.fields().path("bounce_reason").asText()).isEqualTo("user_unknown");
        assertThat(hard.fields().path("status_code").asText()).isEqualTo("5.1.1");
        ProviderEvent soft = single("{\"event\":\"soft_bounce\",\"email\":\"a@example.com\",\"reason\":\"mailbox full\"}");
        assertThat(soft.fields().path("bounce_type").asText()).isEqualTo("soft");
        assertThat(soft.fields().path("bounce_reason").asText()).isEqualTo("mailbox_full");
        assertThat(single("{\"event\":\"blocked\",\"email\":\"a@example.com\"}").fields().path("reason").asText())
                .isEqualTo("suppressed");
        assertThat(single("{\"event\":\"invalid_email\",\"email\":\"a@example.com\"}").fields().path("reason").asText())
                .isEqualTo("invalid_address");
        assertThat(single("{\"event\":\"deferred\",\"email\":\"a@example.com\",\"reason\":\"try later\"}")
                .fields().path("reason").asText()).isEqualTo("try later");
        ProviderEvent error = single("{\"event\":\"error\",\"email\":\"a@example.com\"}");
        assertThat(error.fields().path("reason").asText()).isEqualTo("provider_error");
        assertThat(error.fields().path("error").asText()).isNotBlank();
        ProviderEvent open = single("{\"event\":\"opened\",\"email\":\"a@example.com\",\"ip\":\"192.0.2.1\"}");
        assertThat(open.fields().path("machine").asBoolean(true)).isFalse();
        assertThat(open.fields().path("ip_address").asText()).isEqualTo("192.0.2.1");
        ProviderEvent proxy = single("{\"event\":\"unique_proxy_open\",\"email\":\"a@example.com\"}");
        assertThat(proxy.fields().path("machine").asBoolean()).isTrue();
        assertThat(proxy.fields().path("machine_reason").asText()).isEqualTo("provider_flag");
        assertThat(single("{\"event\":\"click\",\"email\":\"a@example.com\",\"link\":\"ftp://x\"}").fields().has("url"))
                .isFalse();
        assertThat(single("{\"event\":\"unsubscribed\",\"email\":\"a@example.com\"}").fields().path("method").asText())
                .isEqualTo("provider");
        assertThat(single("{\"event\":\"request\",\"email\":\"a@example.com\",\"template_id\":12}").fields()
                .path("template_id").asText()).isEqualTo("12");
    }

    @Test
    void timesAndMetadataFallBack() {
        assertThat(single("{\"event\":\"spam\",\"email\":\"a@example.com\",\"ts_epoch\":1604933623}").occurredAt())
                .as("seconds in ts_epoch").contains(Instant.ofEpochSecond(1604933623));
        assertThat(single("{\"event\":\"spam\",\"email\":\"a@example.com\",\"s_epoch\":1534486682000}").occurredAt())
                .contains(Instant.ofEpochMilli(1534486682000L));
        assertThat(single("{\"event\":\"spam\",\"email\":\"a@example.com\",\"ts\":1604933619}").occurredAt())
                .contains(Instant.ofEpochSecond(1604933619));
        assertThat(single("{\"event\":\"spam\",\"email\":\"a@example.com\",\"date\":\"2020-10-09 00:00:00\"}").occurredAt())
                .isEmpty();
        ProviderEvent plain = single("{\"event\":\"spam\",\"email\":\"a@example.com\",\"X-Mailin-custom\":\"order-42\",\"tag\":\"one\"}");
        assertThat(plain.metadata().path("x_mailin_custom").asText()).isEqualTo("order-42");
        assertThat(plain.tags()).containsExactly("one");
        ProviderEvent object = single("{\"event\":\"spam\",\"email\":\"a@example.com\",\"X-Mailin-custom\":{\"k\":\"v\"}}");
        assertThat(object.metadata().path("k").asText()).isEqualTo("v");
    }

    @Test
    void contactEventsAreIgnored() {
        for (String event : List.of("list_addition", "contact_updated", "contact_deleted")) {
            List<ParsedItem> items = parse("{\"event\":\"" + event + "\",\"email\":\"a@example.com\"}");
            assertThat(items).singleElement().isInstanceOf(ParsedItem.Ignored.class);
        }
    }

    @Test
    void unusableEventsFailAndBatchesKeepTheGoodOnes() {
        assertThat(parse("{\"email\":\"a@example.com\"}")).singleElement()
                .isInstanceOfSatisfying(ParsedItem.Failed.class, f -> assertThat(f.field()).isEqualTo("event"));
        assertThat(parse("{\"event\":\"delivered\",\"email\":\"a@example.com\",\"ts_epoch\":\"soon\"}")).singleElement()
                .isInstanceOfSatisfying(ParsedItem.Failed.class, f -> assertThat(f.field()).isEqualTo("ts_epoch"));
        assertThat(parse("{\"event\":\"delivered\",\"email\":\"a@example.com\",\"ts_epoch\":9999999999999999}")).singleElement()
                .isInstanceOfSatisfying(ParsedItem.Failed.class, f -> assertThat(f.field()).isEqualTo("ts_epoch"));
        assertThat(parse("{\"event\":\"delivered\",\"email\":[\"a@example.com\"]}")).singleElement()
                .isInstanceOf(ParsedItem.Events.class);
        List<ParsedItem> batch = parse("""
                [{"event":"delivered","email":"a@example.com"}, 7, {"event":"delivered","email":"x y"},
                 {"event":"opened","email":"b@example.com"}]""");
        assertThat(batch).extracting(ParsedItem::index).containsExactly(0, 1, 2, 3);
        assertThat(batch.get(0)).isInstanceOf(ParsedItem.Events.class);
        assertThat(batch.get(1)).isInstanceOf(ParsedItem.Failed.class);
        assertThat(batch.get(2)).isInstanceOfSatisfying(ParsedItem.Failed.class, f -> assertThat(f.field()).isEqualTo("email"));
        assertThat(batch.get(3)).isInstanceOf(ParsedItem.Events.class);
        for (String body : List.of("", "{", "true", "\"event\"", "{\"event\":\"delivered\"} {}")) {
            assertField(() -> parse(body), "body");
        }
    }

    @Test
    void hostileInputsYieldOnlyFailedItemsOrABodyError() {
        String body = """
                {"event": "request", "email": "a@example.com", "id": 1, "date": "2026-11-22 11:00:00", "ts": 1700000000,
                 "message-id": "<1@smtp-relay.mailin.fr>", "ts_event": 1700000001, "ts_epoch": 1700000001234,
                 "tag": "[\\"t1\\"]", "tags": ["t1"], "X-Mailin-custom": "{\\"k\\":\\"v\\"}", "reason": "x",
                 "link": "https://example.com", "template_id": 7}""";
        assertThat(HostileInputs.probe(provider.parser(source("{\"token\":\"token-123456\"}")), "brevo", body))
                .isGreaterThan(300);
        assertThat(HostileInputs.probe(provider.parser(source("{\"token\":\"token-123456\"}")), "brevo", "[" + body + "]"))
                .isGreaterThan(300);
    }

    private ProviderEvent single(String body) {
        List<ParsedItem> items = parse(body);
        assertThat(items).hasSize(1);
        assertThat(items.getFirst()).isInstanceOf(ParsedItem.Events.class);
        ProviderEvent e = ((ParsedItem.Events) items.getFirst()).events().getFirst();
        EventAssembler.assemble("brevo", e, e.emailId(), true, NOW);
        return e;
    }

    private List<ParsedItem> parse(String body) {
        return provider.parser(source("{\"token\":\"token-123456\"}")).parse(request(body, Map.of()));
    }

    private RequestVerifier verifier(String settings) {
        return provider.verifier(source(settings), new ProviderContext(CLOCK, uri -> {
            throw new AssertionError("no fetches");
        }));
    }

    private Source source(String settings) {
        return new Source("src_01JDQ4Z6M7X9K2P8R5T3V1W0YA", "default", "brevo", provider.settings(json(settings)),
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
