package dev.postcard.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.sparkpost.SparkPostProvider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** SparkPost: conformance/providers/sparkpost (batches of msys events, Basic auth or token). */
class SparkPostConformanceTest extends SharedSecretConformance {
    private final SparkPostProvider provider = new SparkPostProvider();

    @Override
    protected SparkPostProvider providerUnderTest() {
        return provider;
    }

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
        cases.add(credentialsCase("batch-ping-empty-msys.json"));
        return cases;
    }
}
