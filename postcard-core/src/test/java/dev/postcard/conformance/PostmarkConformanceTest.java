package dev.postcard.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.providers.EventAssembler;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.Source;
import dev.postcard.providers.WebhookRequest;
import dev.postcard.providers.postmark.PostmarkProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Postmark fixtures of {@code conformance/providers/postmark}, checked as its README says. */
class PostmarkConformanceTest extends ProviderConformance {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final PostmarkProvider provider = new PostmarkProvider();

    @Override
    protected String provider() {
        return "postmark";
    }

    @Override
    protected List<ConformanceCase> cases() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(ConformanceCase.of("bounce-hard.json", () -> {
            ProviderEvent e = one("bounce-hard.json", "bounced:hard");
            assertThat(e.providerMessageId()).contains("2706ee8a-737c-4285-b032-ccd317af53ed");
            assertThat(e.recipient()).contains("bounce@example.com");
            assertThat(e.providerEventId()).isEqualTo("901542550");
            assertThat(e.fields().path("status_code").asText()).isEqualTo("5.1.1");
            assertThat(e.fields().path("bounce_reason").asText()).isEqualTo("user_unknown");
            assertThat(e.fields().path("smtp_response").asText()).startsWith("550 5.1.1");
            assertThat(e.occurredAt()).contains(Instant.parse("2016-04-27T20:28:50.3963933Z"));
        }));
        cases.add(ConformanceCase.of("bounce-hard-docs-page.json", () -> {
            ProviderEvent e = one("bounce-hard-docs-page.json", "bounced:hard");
            assertThat(e.providerMessageId()).contains("883953f4-6105-42a2-a16a-77a8eac79483");
            assertThat(e.recipient()).contains("john@example.com");
            assertThat(e.metadata().path("user_id").asInt()).isEqualTo(43);
            assertThat(e.tags()).containsExactly("Test");
        }));
        cases.add(ConformanceCase.of("bounce-type-unsubscribe.json", () -> {
            ProviderEvent e = one("bounce-type-unsubscribe.json", "unsubscribed");
            assertThat(e.providerMessageId()).contains("5555555-5555555-5555-5555555");
            assertThat(e.fields().path("method").asText()).isEqualTo("provider");
        }));
        cases.add(ConformanceCase.of("delivery-with-metadata.json", () -> {
            ProviderEvent e = one("delivery-with-metadata.json", "delivered");
            assertThat(e.providerMessageId()).contains("883953f4-6105-42a2-a16a-77a8eac79483");
            assertThat(e.recipient()).contains("recipient@example.com");
            assertThat(e.tags()).containsExactly("welcome-email");
            assertThat(e.metadata().path("cohort").asText()).isEqualTo("2014-08-A");
            assertThat(e.metadata().path("userid").asText()).isEqualTo("12345");
            assertThat(e.fields().path("smtp_response").asText()).isEqualTo("Test delivery webhook details");
        }));
        cases.add(ConformanceCase.of("open.json", () -> {
            ProviderEvent e = one("open.json", "opened");
            assertThat(e.recipient()).contains("recipient@example.com");
            assertThat(e.providerMessageId()).contains("f4830d10-9c35-4f0c-bca3-3d9b459821f8");
            assertThat(e.fields().path("user_agent").asText()).startsWith("Mozilla/5.0 (Windows NT 5.1");
        }));
        cases.add(ConformanceCase.of("click.json", () -> {
            ProviderEvent e = one("click.json", "clicked");
            assertThat(e.fields().path("url").asText()).isEqualTo("https://example.com/click/me");
            assertThat(e.fields().path("ip_address").asText()).isEqualTo("8.8.8.8");
            assertThat(e.fields().path("location").path("country").asText()).isEqualTo("RS");
            assertThat(e.fields().path("location").path("city").asText()).isEqualTo("Novi Sad");
            assertThat(e.recipient()).contains("recipient@example.com");
        }));
        cases.add(ConformanceCase.of("spam-complaint.json", () -> {
            ProviderEvent e = one("spam-complaint.json", "complained");
            assertThat(e.recipient()).contains("spam@example.com");
            assertThat(e.providerMessageId()).contains("2706ee8a-737c-4285-b032-ccd317af53ed");
        }));
        cases.add(ConformanceCase.of("subscription-change-unsubscribe.json", () -> {
            ProviderEvent e = one("subscription-change-unsubscribe.json", "unsubscribed");
            assertThat(e.recipient()).contains("john@example.com");
            assertThat(e.occurredAt()).contains(Instant.parse("2022-06-05T17:17:32Z"));
            assertThat(e.metadata().path("example").asText()).isEqualTo("value");
        }));
        cases.add(ConformanceCase.of("subscription-change-resubscribe.json",
                () -> assertThat(Outcomes.of(parse("subscription-change-resubscribe.json")))
                        .containsExactly("resubscribed")));
        cases.add(ConformanceCase.of("subscription-change-hard-bounce.json", () -> {
            List<ParsedItem> items = parse("subscription-change-hard-bounce.json");
            assertThat(Outcomes.of(items)).containsExactly("ignored");
            assertThat(((ParsedItem.Ignored) items.getFirst()).reason()).contains("HardBounce");
        }));
        cases.add(ConformanceCase.of("Basic auth protects every fixture", List.of("delivery-with-metadata.json"), () -> {
            Source source = source();
            var verifier = provider.verifier(source, new dev.postcard.providers.ProviderContext(CLOCK, uri -> {
                throw new java.io.IOException("no fetching");
            }));
            byte[] body = ConformanceFiles.bytes(provider(), "delivery-with-metadata.json");
            String good = java.util.Base64.getEncoder().encodeToString("postmark:s3cret-pass".getBytes());
            String bad = java.util.Base64.getEncoder().encodeToString("postmark:wrong-pass".getBytes());
            verifier.verify(WebhookRequest.of(Map.of("Authorization", "Basic " + good), body), NOW);
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                            verifier.verify(WebhookRequest.of(Map.of("Authorization", "Basic " + bad), body), NOW))
                    .isInstanceOf(dev.postcard.providers.WebhookRejectedException.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> verifier.verify(WebhookRequest.of(Map.of(), body), NOW))
                    .isInstanceOf(dev.postcard.providers.WebhookRejectedException.class);
        }));
        return cases;
    }

    private ProviderEvent one(String file, String outcome) {
        List<ParsedItem> items = parse(file);
        assertThat(Outcomes.of(items)).as(file).containsExactly(outcome);
        ProviderEvent e = ((ParsedItem.Events) items.getFirst()).events().getFirst();
        Event stored = EventAssembler.assemble("postmark", e, e.emailId(), true, NOW, CLOCK);
        assertThat(stored.type()).isEqualTo(e.type());
        return e;
    }

    private List<ParsedItem> parse(String file) {
        return provider.parser(source()).parse(WebhookRequest.of(Map.of(), ConformanceFiles.bytes(provider(), file)));
    }

    private Source source() {
        var given = EventCodec.MAPPER.createObjectNode();
        given.putObject("basic_auth").put("username", "postmark").put("password", "s3cret-pass");
        return new Source("src_conformance", "default", "postmark", provider.settings(given), Duration.ZERO, false, NOW);
    }
}
