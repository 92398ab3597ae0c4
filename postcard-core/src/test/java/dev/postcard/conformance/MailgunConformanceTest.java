package dev.postcard.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.postcard.providers.mailgun.MailgunProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class MailgunConformanceTest extends ProviderConformance {
    private static final String P = "mailgun";
    private final MailgunProvider provider = new MailgunProvider();

    @Override
    protected String provider() {
        return P;
    }

    @Override
    protected List<ConformanceCase> cases() {
        List<ConformanceCase> cases = new ArrayList<>();
        JsonNode vector = json("signature-vector.json");
        for (JsonNode c : vector.path("cases")) {
            cases.add(ConformanceCase.of("signature-vector.json: " + c.path("name").asText(),
                    List.of("signature-vector.json"), () -> {
                        ObjectNode body = EventCodec.MAPPER.createObjectNode();
                        body.putObject("signature").put("timestamp", c.path("timestamp").asText())
                                .put("token", c.path("token").asText()).put("signature", c.path("signature").asText());
                        body.putObject("event-data").put("event", "delivered");
                        RequestVerifier v = verifier(vector.path("webhookSigningKey").asText(), Duration.ZERO);
                        WebhookRequest request = request(body.toString().getBytes(StandardCharsets.UTF_8));
                        Instant now = Instant.ofEpochSecond(c.path("timestamp").asLong());
                        if (c.path("expectValid").asBoolean()) {
                            assertThat(MailgunProvider.sign(vector.path("webhookSigningKey").asText(),
                                    c.path("timestamp").asText(), c.path("token").asText()))
                                    .isEqualTo(c.path("signature").asText());
                            v.verify(request, now);
                        } else {
                            assertThatThrownBy(() -> v.verify(request, now)).isInstanceOf(WebhookRejectedException.class);
                        }
                    }));
        }
        cases.add(ConformanceCase.of("webhook-delivered-signed.json", () -> {
            byte[] body = ConformanceFiles.bytes(P, "webhook-delivered-signed.json");
            RequestVerifier v = verifier("TEST_WEBHOOK_SIGNING_KEY", Duration.ZERO);
            Instant now = Instant.ofEpochSecond(1534108637L);
            v.verify(request(body), now);
            assertThatThrownBy(() -> verifier("OTHER_WEBHOOK_SIGNING_KEY", Duration.ZERO).verify(request(body), now))
                    .isInstanceOf(WebhookRejectedException.class);
            ProviderEvent e = only(parse(body), "delivered");
            assertThat(e.providerMessageId()).contains("20180812211713.1.DF5966851B4BAA99@example.org");
            assertThat(e.recipient()).contains("recipient@example.com");
            assertThat(e.providerEventId()).isEqualTo("651869375b9df3c98fc15c4889b102119add1235c38fc92824");
            assertThat(e.occurredAt()).contains(Instant.parse("2018-08-12T21:17:17.153Z"));
            // Once its events are stored, the same token is a replay.
            v.accepted(request(body));
            assertThatThrownBy(() -> v.verify(request(body), now)).isInstanceOf(WebhookRejectedException.class);
        }));
        cases.add(ConformanceCase.of("webhook-delivered-signed.json: stale timestamp",
                List.of("webhook-delivered-signed.json"), () -> {
                    byte[] body = ConformanceFiles.bytes(P, "webhook-delivered-signed.json");
                    RequestVerifier v = verifier("TEST_WEBHOOK_SIGNING_KEY", Duration.ofMinutes(5));
                    assertThatThrownBy(() -> v.verify(request(body), Instant.ofEpochSecond(1534108637L + 301)))
                            .isInstanceOf(WebhookRejectedException.class);
                }));
        event(cases, "event-accepted.json", "sent", "20180622182958.1.48906CB188F1A454@exmple.org", "team@example.org");
        event(cases, "event-delivered.json", "delivered", "20180622182958.1.48906CB188F1A454@exmple.org",
                "john@example.com");
        cases.add(ConformanceCase.of("event-failed-permanent-suppress-bounce.json", () -> {
            ProviderEvent e = event("event-failed-permanent-suppress-bounce.json", "dropped",
                    "20180622211249.1.2A6098970A380E12@example.org", "slava@mailgun.com");
            assertThat(e.fields().path("reason").asText()).isEqualTo("suppressed");
        }));
        cases.add(ConformanceCase.of("event-failed-permanent-delayed-bounce.json", () -> {
            ProviderEvent e = event("event-failed-permanent-delayed-bounce.json", "bounced:hard",
                    "20221019211537.93011d31ea99c5a8@test.com", "christest123@test.com");
            assertThat(e.fields().path("status_code").asText()).isEqualTo("5.1.1");
            assertThat(e.fields().path("bounce_reason").asText()).isEqualTo("user_unknown");
        }));
        cases.add(ConformanceCase.of("event-failed-temporary.json", () -> {
            ProviderEvent e = event("event-failed-temporary.json", "deferred",
                    "20221006142837.1618e01bf42da9fa@test.com", "test@test.com");
            assertThat(e.fields().path("smtp_response").asText()).contains("4.7.652");
        }));
        cases.add(ConformanceCase.of("event-opened.json", () -> {
            ProviderEvent e = event("event-opened.json", "opened", "20130821005614.19826.35976@samples.mailgun.org",
                    "recipient@example.com");
            assertThat(e.fields().path("ip_address").asText()).isEqualTo("111.111.111.111");
            String bot = ConformanceFiles.text(P, "event-opened.json").replace("\"bot\": \"\"", "\"bot\": \"apple\"");
            ProviderEvent machine = only(parse(wrap(bot.getBytes(StandardCharsets.UTF_8), "bot")), "opened(machine)");
            assertThat(machine.fields().path("machine_reason").asText()).isEqualTo("provider_flag");
        }));
        cases.add(ConformanceCase.of("event-clicked.json", () -> {
            ProviderEvent e = event("event-clicked.json", "clicked", "20130821085807.30688.67706@samples.mailgun.org",
                    "recipient@example.com");
            assertThat(e.fields().path("url").asText()).isEqualTo("http://example.com/signup");
        }));
        event(cases, "event-unsubscribed.json", "unsubscribed", "20130822232216.13966.79700@samples.mailgun.org",
                "recipient@example.com");
        event(cases, "event-complained.json", "complained", "20130718032413.263EE2E0926@example.com",
                "foo@example.com");
        cases.add(ConformanceCase.of("event-rejected.json", () -> {
            List<ParsedItem> items = parse(wrap(ConformanceFiles.bytes(P, "event-rejected.json"), "rejected"));
            ProviderEvent e = only(items, "rejected");
            assertThat(e.providerMessageId())
                    .contains("20180622220256.1.B31A451A2E5422BB@sandbox55887fac92de874df5ae0023b75fd62f1d.mailgun.org");
            assertThat(e.fields().path("error").asText()).startsWith("Sandbox subdomains");
        }));
        cases.add(ConformanceCase.of("user-variables as a string is no metadata", List.of("event-delivered.json"), () -> {
            String text = ConformanceFiles.text(P, "event-delivered.json").replace("\"user-variables\": {}",
                    "\"user-variables\": \"Could not load user-variables. They were either truncated or invalid JSON\"");
            ProviderEvent e = only(parse(wrap(text.getBytes(StandardCharsets.UTF_8), "uv")), "delivered");
            assertThat(e.metadata().isEmpty()).isTrue();
            String withMeta = ConformanceFiles.text(P, "event-delivered.json").replace("\"user-variables\": {}",
                    "\"user-variables\": {\"postcard_email_id\": \"msg_01JDQ4YB2C3D4E5F6G7H8J9K0M\", \"n\": 4}");
            ProviderEvent m = only(parse(wrap(withMeta.getBytes(StandardCharsets.UTF_8), "uv2")), "delivered");
            assertThat(m.emailId()).contains("msg_01JDQ4YB2C3D4E5F6G7H8J9K0M");
            assertThat(m.metadata().path("n").asInt()).isEqualTo(4);
        }));
        return cases;
    }

    private void event(List<ConformanceCase> cases, String file, String outcome, String msgId, String rcpt) {
        cases.add(ConformanceCase.of(file, () -> event(file, outcome, msgId, rcpt)));
    }

    private ProviderEvent event(String file, String outcome, String msgId, String rcpt) {
        ProviderEvent e = only(parse(wrap(ConformanceFiles.bytes(P, file), file)), outcome);
        assertThat(e.providerMessageId()).contains(msgId);
        assertThat(e.recipient()).contains(rcpt);
        assertThat(e.providerEventId()).isEqualTo("token-" + file);
        assertThat(e.occurredAt()).isPresent();
        return e;
    }

    /** The event-data samples of the docs in the webhook body Mailgun POSTs (the parser does not verify). */
    private static byte[] wrap(byte[] eventData, String token) {
        try {
            ObjectNode body = EventCodec.MAPPER.createObjectNode();
            body.putObject("signature").put("timestamp", "1700000000").put("token", "token-" + token)
                    .put("signature", "unverified");
            body.set("event-data", EventCodec.MAPPER.readTree(eventData));
            return EventCodec.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private RequestVerifier verifier(String key, Duration tolerance) {
        ObjectNode given = EventCodec.MAPPER.createObjectNode().put("signing_key", key);
        Source source = new Source("src_conformance", "default", P, provider.settings(given), tolerance, false,
                Instant.EPOCH);
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1534108637L), ZoneOffset.UTC);
        return provider.verifier(source, new ProviderContext(clock, uri -> {
            throw new IOException("no fetching in conformance");
        }));
    }

    private static WebhookRequest request(byte[] body) {
        return WebhookRequest.of(Map.of("Content-Type", "application/json"), body);
    }

    private List<ParsedItem> parse(byte[] body) {
        return provider.parser(null).parse(request(body));
    }

    private static ProviderEvent only(List<ParsedItem> items, String outcome) {
        assertThat(Outcomes.of(items)).containsExactly(outcome);
        ProviderEvent e = ((ParsedItem.Events) items.getFirst()).events().getFirst();
        EventAssembler.assemble(P, e, e.emailId(), true, Instant.parse("2026-11-22T00:00:00Z"), Clock.systemUTC());
        return e;
    }

    private static JsonNode json(String file) {
        try {
            return EventCodec.MAPPER.readTree(ConformanceFiles.bytes(P, file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
