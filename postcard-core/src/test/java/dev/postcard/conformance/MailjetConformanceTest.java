package dev.postcard.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import dev.postcard.providers.EventAssembler;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.Source;
import dev.postcard.providers.WebhookRejectedException;
import dev.postcard.providers.WebhookRequest;
import dev.postcard.providers.mailjet.MailjetProvider;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Mailjet: conformance/providers/mailjet (grouped or single events, Basic auth or token). */
class MailjetConformanceTest extends ProviderConformance {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final MailjetProvider provider = new MailjetProvider();

    @Override
    protected String provider() {
        return "mailjet";
    }

    @Override
    protected List<ConformanceCase> cases() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (String file : List.of("grouped-sent.json", "single-sent-non-grouped.json")) {
            cases.add(ConformanceCase.of(file, () -> {
                ProviderEvent e = single(file, "delivered");
                assertThat(e.providerMessageId()).contains("12345678901234567");
                assertThat(e.recipient()).contains("recipient@example.com");
                assertThat(e.occurredAt()).contains(Instant.ofEpochSecond(1498093527));
                assertThat(e.fields().path("smtp_response").asText()).startsWith("250 2.0.0 OK");
            }));
        }
        cases.add(ConformanceCase.of("grouped-sent.json: Payload is the metadata", List.of("grouped-sent.json"), () -> {
            ProviderEvent e = single("grouped-sent.json", "delivered");
            assertThat(e.metadata().path("meta1").asText()).isEqualTo("simple string");
            assertThat(e.metadata().path("meta2").asInt()).isEqualTo(2);
            assertThat(e.tags()).containsExactly("tag1");
        }));
        cases.add(ConformanceCase.of("grouped-open.json", () -> {
            ProviderEvent e = single("grouped-open.json", "opened");
            assertThat(e.fields().path("ip_address").asText()).isEqualTo("192.168.100.100");
            assertThat(e.fields().path("user_agent").asText()).contains("GoogleImageProxy");
            assertThat(e.metadata().isEmpty()).isTrue();
        }));
        cases.add(ConformanceCase.of("grouped-bounce.json", () -> {
            ProviderEvent e = single("grouped-bounce.json", "bounced:hard");
            assertThat(e.fields().path("bounce_reason").asText()).isEqualTo("host_unknown");
            assertThat(e.fields().path("reason").asText()).isEqualTo("invalid domain");
            assertThat(e.recipient()).contains("invalid@invalid");
        }));
        cases.add(ConformanceCase.of("grouped-bounce-greylisted.json", () -> {
            ProviderEvent e = single("grouped-bounce-greylisted.json", "deferred");
            assertThat(e.fields().path("reason").asText()).isEqualTo("greylisted");
        }));
        cases.add(ConformanceCase.of("grouped-blocked.json", () -> {
            ProviderEvent e = single("grouped-blocked.json", "dropped");
            assertThat(e.fields().path("reason").asText()).isEqualTo("invalid_address");
            assertThat(e.recipient()).contains("bad@example.com");
        }));
        cases.add(ConformanceCase.of("grouped-spam.json", () -> {
            ProviderEvent e = single("grouped-spam.json", "complained");
            assertThat(e.recipient()).contains("spam@example.com");
        }));
        cases.add(ConformanceCase.of("grouped-unsub.json", () -> {
            ProviderEvent e = single("grouped-unsub.json", "unsubscribed");
            assertThat(e.fields().path("method").asText()).isEqualTo("provider");
        }));
        cases.add(ConformanceCase.of("basic auth and token verify; wrong or missing credentials do not", List.of(), () -> {
            RequestVerifier v = provider.verifier(source(), context());
            String body = ConformanceFiles.text("mailjet", "single-sent-non-grouped.json");
            v.verify(request(body, Map.of("Authorization", basic("mailjet", "s3cret-pass"))), NOW);
            v.verify(request(body, Map.of("Authorization", "Bearer tok-0123456789")), NOW);
            assertThatThrownBy(() -> v.verify(request(body, Map.of("Authorization", basic("mailjet", "wrong-pass"))), NOW))
                    .isInstanceOf(WebhookRejectedException.class).hasMessageNotContaining("s3cret-pass");
            assertThatThrownBy(() -> v.verify(request(body, Map.of()), NOW)).isInstanceOf(WebhookRejectedException.class);
            assertThatThrownBy(() -> v.verify(request(body, Map.of("Authorization", "Bearer tok-wrong-000")), NOW))
                    .isInstanceOf(WebhookRejectedException.class);
        }));
        return cases;
    }

    private Source source() {
        ObjectNode given = EventCodec.MAPPER.createObjectNode();
        given.putObject("basic_auth").put("username", "mailjet").put("password", "s3cret-pass");
        given.put("token", "tok-0123456789");
        return new Source("src_01JDQ4Z6M7X9K2P8R5T3V1W0YA", "default", "mailjet", provider.settings(given),
                Source.DEFAULT_TOLERANCE, true, NOW);
    }

    private static ProviderContext context() {
        return new ProviderContext(CLOCK, url -> {
            throw new AssertionError("no fetches");
        });
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static WebhookRequest request(String body, Map<String, String> headers) {
        return WebhookRequest.of(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private List<ParsedItem> parse(String file) {
        List<ParsedItem> items = provider.parser(source()).parse(request(ConformanceFiles.text("mailjet", file), Map.of()));
        events(items).forEach(e -> EventAssembler.assemble("mailjet", e, e.emailId(), true, NOW, CLOCK));
        return items;
    }

    private ProviderEvent single(String file, String outcome) {
        List<ParsedItem> items = parse(file);
        assertThat(Outcomes.of(items)).containsExactly(outcome);
        return events(items).getFirst();
    }

    private static List<ProviderEvent> events(List<ParsedItem> items) {
        return items.stream().filter(i -> i instanceof ParsedItem.Events).flatMap(i -> ((ParsedItem.Events) i).events().stream()).toList();
    }
}
