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
import dev.postcard.providers.sparkpost.SparkPostProvider;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** SparkPost: conformance/providers/sparkpost (batches of msys events, Basic auth or token). */
class SparkPostConformanceTest extends ProviderConformance {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final SparkPostProvider provider = new SparkPostProvider();

    @Override
    protected String provider() {
        return "sparkpost";
    }

    @Override
    protected List<ConformanceCase> cases() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(ConformanceCase.of("batch-ping-empty-msys.json", () -> {
            List<ParsedItem> items = parse("batch-ping-empty-msys.json");
            assertThat(Outcomes.of(items)).containsExactly("ignored");
            assertThat(events(items)).isEmpty();
        }));
        cases.add(ConformanceCase.of("batch-injection.json", () -> {
            ProviderEvent e = single("batch-injection.json", "sent");
            assertThat(e.providerMessageId()).contains("65832150921904138");
            assertThat(e.recipient()).contains("recipient@example.com");
            assertThat(e.metadata().path("customKey").asText()).isEqualTo("customValue");
            assertThat(e.tags()).containsExactly("male", "US");
            assertThat(e.providerEventId()).isEqualTo("92356927693813856");
            assertThat(e.occurredAt()).contains(Instant.ofEpochSecond(1454442600));
            assertThat(e.fields().path("template_id").asText()).isEqualTo("templ-1234");
        }));
        cases.add(ConformanceCase.of("batch-delivery.json", () -> {
            ProviderEvent e = single("batch-delivery.json", "delivered");
            assertThat(e.providerMessageId()).contains("65832150921904138");
            assertThat(e.recipient()).contains("recipient@example.com");
        }));
        cases.add(ConformanceCase.of("batch-bounce-class10.json", () -> {
            ProviderEvent e = single("batch-bounce-class10.json", "bounced:hard");
            assertThat(e.fields().path("bounce_reason").asText()).isEqualTo("user_unknown");
            assertThat(e.fields().path("status_code").asText()).isEqualTo("5.1.1");
            assertThat(e.fields().path("smtp_response").asText()).startsWith("550 5.1.1");
            assertThat(e.providerMessageId()).contains("84345317650824116");
            assertThat(e.recipient()).contains("bounce@example.com");
        }));
        cases.add(ConformanceCase.of("batch-delay-class21.json", () -> {
            ProviderEvent e = single("batch-delay-class21.json", "deferred");
            assertThat(e.fields().path("reason").asText()).isEqualTo("DNS Failure");
            assertThat(e.fields().path("smtp_response").asText()).contains("no MX or A for domain");
            assertThat(e.recipient()).contains("recipient@nomx.example.com");
        }));
        cases.add(ConformanceCase.of("batch-bounce-class60-autoreply.json", () -> {
            List<ParsedItem> items = parse("batch-bounce-class60-autoreply.json");
            assertThat(Outcomes.of(items)).containsExactly("ignored");
        }));
        cases.add(ConformanceCase.of("batch-generation-failure.json", () -> {
            ProviderEvent e = single("batch-generation-failure.json", "failed");
            assertThat(e.fields().path("error").asText()).contains("Error while rendering");
            assertThat(e.occurredAt()).contains(Instant.parse("2018-10-11T23:24:45Z"));
        }));
        cases.add(ConformanceCase.of("batch-generation-rejection.json", () -> {
            ProviderEvent e = single("batch-generation-rejection.json", "rejected");
            assertThat(e.fields().path("error").asText()).contains("suppressed due to customer policy");
            assertThat(e.recipient()).contains("suppressed@example.com");
        }));
        cases.add(ConformanceCase.of("batch-open.json", () -> {
            ProviderEvent e = single("batch-open.json", "opened");
            assertThat(e.recipient()).contains("recipient@example.com");
            assertThat(e.fields().path("user_agent").asText()).startsWith("Mozilla/5.0");
        }));
        cases.add(ConformanceCase.of("batch-initial-open.json", () -> {
            ProviderEvent e = single("batch-initial-open.json", "opened");
            assertThat(e.recipient()).contains("recipient@example.com");
        }));
        cases.add(ConformanceCase.of("batch-amp-click.json", () -> {
            ProviderEvent e = single("batch-amp-click.json", "clicked");
            assertThat(e.fields().path("url").asText()).isEqualTo("http://example.com");
        }));
        cases.add(ConformanceCase.of("batch-list-unsubscribe.json", () -> {
            ProviderEvent e = single("batch-list-unsubscribe.json", "unsubscribed");
            assertThat(e.providerMessageId()).contains("84345993965073285");
            assertThat(e.fields().path("method").asText()).isEqualTo("provider");
        }));
        cases.add(ConformanceCase.of("all files in one batch keep their order",
                ConformanceFiles.files("sparkpost").stream().filter(f -> f.endsWith(".json")).toList(), () -> {
                    StringBuilder batch = new StringBuilder("[");
                    List<String> files = ConformanceFiles.files("sparkpost").stream().filter(f -> f.endsWith(".json")).toList();
                    for (String f : files) {
                        String text = ConformanceFiles.text("sparkpost", f).trim();
                        batch.append(batch.length() > 1 ? "," : "").append(text, 1, text.length() - 1);
                    }
                    List<ParsedItem> items = provider.parser(source()).parse(request(batch.append("]").toString(), Map.of()));
                    assertThat(items).hasSize(files.size());
                    assertThat(Outcomes.of(items)).doesNotContain("unparsed");
                }));
        cases.add(ConformanceCase.of("basic auth and token verify; wrong or missing credentials do not", List.of(), () -> {
            RequestVerifier v = provider.verifier(source(), context());
            String body = ConformanceFiles.text("sparkpost", "batch-ping-empty-msys.json");
            v.verify(request(body, Map.of("Authorization", basic("sparkpost", "s3cret-pass"))), NOW);
            v.verify(request(body, Map.of("Authorization", "Bearer tok-0123456789")), NOW);
            assertThatThrownBy(() -> v.verify(request(body, Map.of("Authorization", basic("sparkpost", "wrong-pass"))), NOW))
                    .isInstanceOf(WebhookRejectedException.class).hasMessageNotContaining("s3cret-pass");
            assertThatThrownBy(() -> v.verify(request(body, Map.of()), NOW)).isInstanceOf(WebhookRejectedException.class);
            assertThatThrownBy(() -> v.verify(request(body, Map.of("Authorization", "Bearer tok-wrong-000")), NOW))
                    .isInstanceOf(WebhookRejectedException.class);
        }));
        return cases;
    }

    private Source source() {
        ObjectNode given = EventCodec.MAPPER.createObjectNode();
        given.putObject("basic_auth").put("username", "sparkpost").put("password", "s3cret-pass");
        given.put("token", "tok-0123456789");
        return new Source("src_01JDQ4Z6M7X9K2P8R5T3V1W0YA", "default", "sparkpost", provider.settings(given),
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
        List<ParsedItem> items = provider.parser(source()).parse(request(ConformanceFiles.text("sparkpost", file), Map.of()));
        events(items).forEach(e -> EventAssembler.assemble("sparkpost", e, e.emailId(), true, NOW, CLOCK));
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
