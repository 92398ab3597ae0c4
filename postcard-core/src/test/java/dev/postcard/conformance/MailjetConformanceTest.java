package dev.postcard.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.mailjet.MailjetProvider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Mailjet: conformance/providers/mailjet (grouped or single events, Basic auth or token). */
class MailjetConformanceTest extends SharedSecretConformance {
    private final MailjetProvider provider = new MailjetProvider();

    @Override
    protected MailjetProvider providerUnderTest() {
        return provider;
    }

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
        cases.add(credentialsCase("single-sent-non-grouped.json"));
        return cases;
    }
}
