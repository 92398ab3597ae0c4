package dev.postcard.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.postcard.providers.resend.ResendProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Resend fixtures of {@code conformance/providers/resend}, checked as its README says. */
class ResendConformanceTest extends ProviderConformance {
    private static final String VECTOR = "svix-signature-vector.json";
    private static final Instant VECTOR_TIME = Instant.ofEpochSecond(1614265330);
    private static final Clock CLOCK = Clock.fixed(VECTOR_TIME, ZoneOffset.UTC);
    private final ResendProvider provider = new ResendProvider();

    @Override
    protected String provider() {
        return "resend";
    }

    @Override
    protected List<ConformanceCase> cases() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(ConformanceCase.of(VECTOR + ": valid at 1614265330", List.of(VECTOR),
                () -> assertThatCode(() -> verifier(vectorSecret()).verify(vectorRequest(Map.of(), vectorBody()), VECTOR_TIME))
                        .doesNotThrowAnyException()));
        cases.add(ConformanceCase.of(VECTOR + ": valid 300 s either side", List.of(VECTOR), () -> {
            RequestVerifier v = verifier(vectorSecret());
            assertThatCode(() -> v.verify(vectorRequest(Map.of(), vectorBody()), VECTOR_TIME.plusSeconds(300)))
                    .doesNotThrowAnyException();
            assertThatCode(() -> v.verify(vectorRequest(Map.of(), vectorBody()), VECTOR_TIME.minusSeconds(300)))
                    .doesNotThrowAnyException();
        }));
        cases.add(ConformanceCase.of(VECTOR + ": signature equals the listed one", List.of(VECTOR), () -> {
            JsonNode vector = vector();
            assertThat(vector.path("signedContent").asText())
                    .isEqualTo(vector.at("/headers/svix-id").asText() + "." + vector.at("/headers/svix-timestamp").asText()
                            + "." + vector.path("body").asText());
            assertThat(vector.path("expectValid").asBoolean()).isTrue();
        }));
        cases.add(ConformanceCase.of(VECTOR + ": wrong secret fails", List.of(VECTOR),
                () -> assertRejected(verifier("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24])),
                        vectorRequest(Map.of(), vectorBody()), VECTOR_TIME)));
        cases.add(ConformanceCase.of(VECTOR + ": altered body fails", List.of(VECTOR),
                () -> assertRejected(verifier(vectorSecret()),
                        vectorRequest(Map.of(), vectorBody().replace("2432232314", "2432232315")), VECTOR_TIME)));
        cases.add(ConformanceCase.of(VECTOR + ": body re-serialised fails", List.of(VECTOR),
                () -> assertRejected(verifier(vectorSecret()),
                        vectorRequest(Map.of(), vectorBody().replace(" ", "")), VECTOR_TIME)));
        cases.add(ConformanceCase.of(VECTOR + ": stale timestamp fails (301 s late)", List.of(VECTOR),
                () -> assertRejected(verifier(vectorSecret()), vectorRequest(Map.of(), vectorBody()),
                        VECTOR_TIME.plusSeconds(301))));
        cases.add(ConformanceCase.of(VECTOR + ": future timestamp fails (301 s early)", List.of(VECTOR),
                () -> assertRejected(verifier(vectorSecret()), vectorRequest(Map.of(), vectorBody()),
                        VECTOR_TIME.minusSeconds(301))));
        cases.add(ConformanceCase.of(VECTOR + ": altered id fails", List.of(VECTOR),
                () -> assertRejected(verifier(vectorSecret()),
                        vectorRequest(Map.of("svix-id", "msg_p5jXN8AQM9LWM0D4loKWxJel"), vectorBody()), VECTOR_TIME)));
        cases.add(ConformanceCase.of(VECTOR + ": altered timestamp fails", List.of(VECTOR),
                () -> assertRejected(verifier(vectorSecret()),
                        vectorRequest(Map.of("svix-timestamp", "1614265331"), vectorBody()), VECTOR_TIME)));
        cases.add(ConformanceCase.of(VECTOR + ": multi-signature header verifies", List.of(VECTOR), () -> {
            String valid = vector().at("/headers/svix-signature").asText();
            String decoys = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
            assertThatCode(() -> verifier(vectorSecret()).verify(vectorRequest(Map.of("svix-signature", decoys + " " + valid),
                    vectorBody()), VECTOR_TIME)).doesNotThrowAnyException();
            // The decoys alone: the listed signature is what verified.
            assertRejected(verifier(vectorSecret()), vectorRequest(Map.of("svix-signature", decoys), vectorBody()),
                    VECTOR_TIME);
        }));
        cases.add(ConformanceCase.of(VECTOR + ": only a v2 entry fails", List.of(VECTOR), () -> {
            String sig = vector().at("/headers/svix-signature").asText().substring(3);
            assertRejected(verifier(vectorSecret()), vectorRequest(Map.of("svix-signature", "v2," + sig), vectorBody()),
                    VECTOR_TIME);
        }));
        cases.add(ConformanceCase.of(VECTOR + ": unbranded webhook-* headers verify, names case-insensitive",
                List.of(VECTOR), () -> {
                    JsonNode h = vector().path("headers");
                    Map<String, String> headers = Map.of("Webhook-Id", h.path("svix-id").asText(),
                            "WEBHOOK-TIMESTAMP", h.path("svix-timestamp").asText(),
                            "webhook-signature", h.path("svix-signature").asText());
                    assertThatCode(() -> verifier(vectorSecret()).verify(WebhookRequest.of(headers,
                            vectorBody().getBytes(StandardCharsets.UTF_8)), VECTOR_TIME)).doesNotThrowAnyException();
                    // The same unbranded headers over an altered body: they were read and checked.
                    assertRejected(verifier(vectorSecret()), WebhookRequest.of(headers,
                            vectorBody().replace("2432232314", "2432232315").getBytes(StandardCharsets.UTF_8)), VECTOR_TIME);
                }));
        cases.add(ConformanceCase.of(VECTOR + ": missing signature header fails", List.of(VECTOR), () -> {
            JsonNode h = vector().path("headers");
            Map<String, String> headers = Map.of("svix-id", h.path("svix-id").asText(),
                    "svix-timestamp", h.path("svix-timestamp").asText());
            assertRejected(verifier(vectorSecret()), WebhookRequest.of(headers,
                    vectorBody().getBytes(StandardCharsets.UTF_8)), VECTOR_TIME);
        }));

        cases.add(ConformanceCase.of("email-bounced-docs.json", () -> {
            List<ProviderEvent> events = events("email-bounced-docs.json", List.of("bounced:hard"));
            ProviderEvent e = events.getFirst();
            assertThat(e.providerMessageId()).contains("56761188-7520-42d8-8898-ff6fc54ce618");
            assertThat(e.recipient()).contains("delivered@resend.dev");
            assertThat(e.metadata().path("category").asText()).isEqualTo("confirm_email");
            assertThat(e.fields().path("bounce_reason").asText()).isEqualTo("suppressed_by_provider");
            assertThat(e.providerEventId()).isEqualTo("msg_conformance");
        }));
        cases.add(ConformanceCase.of("email-delivery-delayed-docs.json", () -> {
            ProviderEvent e = events("email-delivery-delayed-docs.json", List.of("deferred")).getFirst();
            assertThat(e.providerMessageId()).contains("56761188-7520-42d8-8898-ff6fc54ce618");
            assertThat(e.recipient()).contains("delivered@resend.dev");
            assertThat(e.metadata().path("category").asText()).isEqualTo("confirm_email");
            assertThat(e.occurredAt()).contains(Instant.parse("2026-02-22T23:41:12.126Z"));
        }));
        cases.add(ConformanceCase.of("email-sent.json", () -> {
            List<ProviderEvent> events = events("email-sent.json", List.of("sent", "sent"));
            assertThat(events).extracting(e -> e.recipient().orElseThrow())
                    .containsExactly("to@example.org", "to2@example.org");
            ProviderEvent e = events.getFirst();
            assertThat(e.providerMessageId()).contains("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
            assertThat(e.metadata().path("tag1").asText()).isEqualTo("Tag_1_value");
            assertThat(e.metadata().path("tag2").asText()).isEqualTo("Tag_2_value");
            assertThat(e.occurredAt()).contains(Instant.parse("2023-09-28T17:19:43.736Z"));
        }));
        cases.add(simple("email-delivered.json", "delivered", "to@example.org"));
        cases.add(ConformanceCase.of("email-bounced-hard.json", () -> {
            ProviderEvent e = simpleCheck("email-bounced-hard.json", "bounced:hard", "bounced@resend.dev");
            assertThat(e.fields().path("reason").asText()).startsWith("The recipient's email provider sent a hard bounce");
        }));
        cases.add(ConformanceCase.of("email-bounced-suppressed.json", () -> {
            ProviderEvent e = simpleCheck("email-bounced-suppressed.json", "dropped", "blocked@example.org");
            assertThat(e.fields().path("reason").asText()).isEqualTo("suppressed");
        }));
        cases.add(simple("email-complained.json", "complained", "complained@resend.dev"));
        cases.add(simple("email-opened.json", "opened", "to@example.org"));
        cases.add(ConformanceCase.of("email-clicked.json", () -> {
            ProviderEvent e = simpleCheck("email-clicked.json", "clicked", "to@example.org");
            assertThat(e.fields().path("url").asText()).isEqualTo("https://example.com/test");
            assertThat(e.fields().path("ip_address").asText()).isEqualTo("192.168.1.101");
            assertThat(e.fields().path("user_agent").asText()).isEqualTo("Mozilla/5.0 ...");
        }));
        return cases;
    }

    private ConformanceCase simple(String file, String outcome, String rcpt) {
        return ConformanceCase.of(file, () -> simpleCheck(file, outcome, rcpt));
    }

    private ProviderEvent simpleCheck(String file, String outcome, String rcpt) {
        ProviderEvent e = events(file, List.of(outcome)).getFirst();
        assertThat(e.providerMessageId()).contains("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
        assertThat(e.recipient()).contains(rcpt);
        return e;
    }

    /** Parses a fixture as Resend would post it (with an svix-id), checks the outcomes, assembles every event. */
    private List<ProviderEvent> events(String file, List<String> outcomes) {
        WebhookRequest request = WebhookRequest.of(Map.of("svix-id", "msg_conformance"),
                ConformanceFiles.bytes(provider(), file));
        List<ParsedItem> items = provider.parser(source(vectorSecret())).parse(request);
        assertThat(Outcomes.of(items)).as(file).isEqualTo(outcomes);
        List<ProviderEvent> events = new ArrayList<>();
        for (ParsedItem item : items) {
            if (item instanceof ParsedItem.Events ev) {
                events.addAll(ev.events());
            }
        }
        for (ProviderEvent e : events) {
            Event stored = EventAssembler.assemble("resend", e, e.emailId(), true, VECTOR_TIME);
            assertThat(stored.type()).isEqualTo(e.type());
        }
        return events;
    }

    private JsonNode vector() {
        try {
            return EventCodec.MAPPER.readTree(ConformanceFiles.bytes(provider(), VECTOR));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String vectorSecret() {
        return vector().path("secret").asText();
    }

    private String vectorBody() {
        return vector().path("body").asText();
    }

    /** The vector's request, with some headers replaced. */
    private WebhookRequest vectorRequest(Map<String, String> overrides, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        vector().path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        headers.putAll(overrides);
        return WebhookRequest.of(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private Source source(String secret) {
        ObjectNode given = EventCodec.MAPPER.createObjectNode().put("secret", secret);
        return new Source("src_conformance", "default", "resend", provider.settings(given), Duration.ofSeconds(300),
                false, VECTOR_TIME);
    }

    private RequestVerifier verifier(String secret) {
        return provider.verifier(source(secret), new ProviderContext(CLOCK, uri -> {
            throw new IOException("no fetching in conformance");
        }));
    }

    private static void assertRejected(RequestVerifier verifier, WebhookRequest request, Instant now) {
        assertThatThrownBy(() -> verifier.verify(request, now)).isInstanceOf(WebhookRejectedException.class);
    }
}
