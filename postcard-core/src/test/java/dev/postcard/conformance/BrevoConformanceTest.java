package dev.postcard.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.brevo.BrevoProvider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Brevo: conformance/providers/brevo (one event per POST, Basic auth or token). */
class BrevoConformanceTest extends SharedSecretConformance {
    private final BrevoProvider provider = new BrevoProvider();

    @Override
    protected BrevoProvider providerUnderTest() {
        return provider;
    }

    @Override
    protected String provider() {
        return "brevo";
    }

    @Override
    protected List<ConformanceCase> cases() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(ConformanceCase.of("request.json", () -> {
            ProviderEvent e = single("request.json", "sent");
            assertThat(e.providerMessageId()).contains("<201803062010.27287306012@smtp-relay.mailin.fr>");
            assertThat(e.recipient()).contains("recipient@example.com");
            assertThat(e.metadata().path("meta").asText()).isEqualTo("data");
            assertThat(e.tags()).containsExactly("tag1", "tag2");
            assertThat(e.occurredAt()).contains(Instant.ofEpochMilli(1520363423000L));
            assertThat(e.fields().path("template_id").asText()).isEqualTo("12");
        }));
        Map<String, String> simple = new java.util.LinkedHashMap<>();
        simple.put("delivered.json", "delivered");
        simple.put("hard-bounce.json", "bounced:hard");
        simple.put("soft-bounce.json", "bounced:soft");
        simple.put("blocked.json", "dropped");
        simple.put("invalid-email.json", "dropped");
        simple.put("deferred.json", "deferred");
        simple.put("spam.json", "complained");
        simple.put("complaint.json", "complained");
        simple.put("error.json", "failed");
        simple.put("opened.json", "opened");
        simple.put("unique-opened.json", "opened");
        simple.put("proxy-open.json", "opened(machine)");
        simple.put("unique-proxy-open.json", "opened(machine)");
        simple.put("click.json", "clicked");
        simple.put("unsubscribe.json", "unsubscribed");
        simple.forEach((file, outcome) -> cases.add(ConformanceCase.of(file, () -> {
            ProviderEvent e = single(file, outcome);
            assertThat(e.providerMessageId()).isPresent();
            assertThat(e.recipient()).isPresent();
            assertThat(e.occurredAt()).isPresent();
        })));
        cases.add(ConformanceCase.of("hard-bounce.json: reason and tag", List.of("hard-bounce.json"), () -> {
            ProviderEvent e = single("hard-bounce.json", "bounced:hard");
            assertThat(e.fields().path("bounce_reason").asText()).isEqualTo("user_unknown");
            assertThat(e.fields().path("status_code").asText()).isEqualTo("5.5.0");
            assertThat(e.tags()).containsExactly("header-tag");
        }));
        cases.add(ConformanceCase.of("soft-bounce.json: no MX", List.of("soft-bounce.json"), () -> {
            ProviderEvent e = single("soft-bounce.json", "bounced:soft");
            assertThat(e.fields().path("reason").asText()).contains("Unable to find MX");
        }));
        cases.add(ConformanceCase.of("blocked.json / invalid-email.json: drop reasons",
                List.of("blocked.json", "invalid-email.json"), () -> {
                    assertThat(single("blocked.json", "dropped").fields().path("reason").asText()).isEqualTo("suppressed");
                    assertThat(single("invalid-email.json", "dropped").fields().path("reason").asText())
                            .isEqualTo("invalid_address");
                }));
        cases.add(ConformanceCase.of("complaint.json / error.json: ts and X-Mailin-custom",
                List.of("complaint.json", "error.json"), () -> {
                    ProviderEvent c = single("complaint.json", "complained");
                    assertThat(c.occurredAt()).contains(Instant.ofEpochSecond(1604933654));
                    assertThat(c.metadata().path("meta").asText()).isEqualTo("data");
                    assertThat(c.tags()).containsExactly("transac_messages");
                    ProviderEvent f = single("error.json", "failed");
                    assertThat(f.occurredAt()).contains(Instant.ofEpochSecond(1604933623));
                }));
        cases.add(ConformanceCase.of("proxy opens are machine opens; id is not an event id",
                List.of("proxy-open.json", "unique-proxy-open.json"), () -> {
                    ProviderEvent p = single("proxy-open.json", "opened(machine)");
                    assertThat(p.fields().path("machine_reason").asText()).isEqualTo("provider_flag");
                    assertThat(p.occurredAt()).contains(Instant.ofEpochMilli(1534486682000L));
                    assertThat(p.tags()).containsExactly("transactionalTag");
                    ProviderEvent u = single("unique-proxy-open.json", "opened(machine)");
                    assertThat(p.providerEventId()).isNotEqualTo("1").isNotEqualTo(u.providerEventId());
                }));
        cases.add(ConformanceCase.of("click.json: link", List.of("click.json"), () -> {
            assertThat(single("click.json", "clicked").fields().path("url").asText()).isEqualTo("https://example.com/click/me");
        }));
        cases.add(credentialsCase("delivered.json"));
        return cases;
    }
}
