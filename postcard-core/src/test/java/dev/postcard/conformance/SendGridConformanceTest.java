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
import dev.postcard.providers.sendgrid.SendGridProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class SendGridConformanceTest extends ProviderConformance {
    private static final String P = "sendgrid";
    private static final String DOC_MSG = "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0";
    private final SendGridProvider provider = new SendGridProvider();

    @Override
    protected String provider() {
        return P;
    }

    @Override
    protected List<ConformanceCase> cases() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(ConformanceCase.of("signed-event.json verifies and parses",
                List.of("signed-event.json", "signed-event-single.body"), () -> {
                    JsonNode vector = json("signed-event.json");
                    byte[] body = ConformanceFiles.bytes(P, vector.path("bodyFile").asText());
                    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(vector.path("body").asText());
                    verifier(vector.path("publicKey").asText()).verify(request(vector, body), fixedNow(vector));
                    List<ParsedItem> items = parse(body);
                    assertThat(Outcomes.of(items)).containsExactly("dropped");
                    ProviderEvent e = only(items);
                    JsonNode expected = vector.path("expectedEvents").get(0);
                    assertThat(e.providerMessageId()).contains(expected.path("providerMessageId").asText());
                    assertThat(e.providerEventId()).isEqualTo(expected.path("providerEventId").asText());
                    assertThat(e.recipient()).contains(expected.path("recipient").asText());
                    assertThat(e.occurredAt()).contains(Instant.ofEpochSecond(expected.path("occurredAtEpoch").asLong()));
                    assertThat(e.fields().path("reason").asText()).isEqualTo("suppressed");
                }));
        JsonNode negatives = json("signed-event.json").path("negativeCases");
        for (JsonNode negative : negatives) {
            cases.add(ConformanceCase.of("signed-event.json negative: " + negative.path("name").asText(),
                    List.of("signed-event.json", "signed-event-single.body"), () -> {
                        JsonNode vector = json("signed-event.json");
                        byte[] body = negative.has("body")
                                ? negative.path("body").asText().getBytes(StandardCharsets.UTF_8)
                                : ConformanceFiles.bytes(P, vector.path("bodyFile").asText());
                        String key = negative.path("publicKey").asText(vector.path("publicKey").asText());
                        Map<String, String> headers = headers(vector);
                        if (negative.has("signature")) {
                            headers.put("X-Twilio-Email-Event-Webhook-Signature", negative.path("signature").asText());
                        }
                        if (negative.has("timestamp")) {
                            headers.put("X-Twilio-Email-Event-Webhook-Timestamp", negative.path("timestamp").asText());
                        }
                        assertThat(negative.path("expectValid").asBoolean(true)).isFalse();
                        assertThatThrownBy(() -> verifier(key).verify(WebhookRequest.of(headers, body),
                                fixedNow(vector))).isInstanceOf(WebhookRejectedException.class);
                    }));
        }
        cases.add(ConformanceCase.of("signed-event.json: stale timestamp rejected with a 5 min tolerance",
                List.of("signed-event.json", "signed-event-single.body"), () -> {
                    JsonNode vector = json("signed-event.json");
                    byte[] body = ConformanceFiles.bytes(P, vector.path("bodyFile").asText());
                    RequestVerifier v = verifier(vector.path("publicKey").asText(), Duration.ofMinutes(5));
                    Instant signed = fixedNow(vector);
                    v.verify(request(vector, body), signed.plusSeconds(299));
                    assertThatThrownBy(() -> v.verify(request(vector, body), signed.plusSeconds(301)))
                            .isInstanceOf(WebhookRejectedException.class);
                }));
        cases.add(ConformanceCase.of("signed-event-multi.json verifies and parses",
                List.of("signed-event-multi.json", "signed-event-multi.body"), () -> {
                    JsonNode vector = json("signed-event-multi.json");
                    byte[] body = ConformanceFiles.bytes(P, vector.path("bodyFile").asText());
                    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(vector.path("body").asText());
                    verifier(vector.path("publicKey").asText()).verify(request(vector, body), fixedNow(vector));
                    List<ParsedItem> items = parse(body);
                    assertThat(Outcomes.of(items)).containsExactly("sent", "bounced:soft");
                    List<ProviderEvent> events = events(items);
                    for (int i = 0; i < 2; i++) {
                        JsonNode expected = vector.path("expectedEvents").get(i);
                        assertThat(events.get(i).providerMessageId()).contains(expected.path("providerMessageId").asText());
                        assertThat(events.get(i).recipient()).contains(expected.path("recipient").asText());
                        assertThat(events.get(i).occurredAt())
                                .contains(Instant.ofEpochSecond(expected.path("occurredAtEpoch").asLong()));
                    }
                    assertThat(events.get(1).fields().path("status_code").asText()).isEqualTo("5.2.2");
                    // A body one byte different does not verify.
                    byte[] changed = body.clone();
                    changed[changed.length - 3] = '}';
                    assertThatThrownBy(() -> verifier(vector.path("publicKey").asText())
                            .verify(request(vector, changed), fixedNow(vector)))
                            .isInstanceOf(WebhookRejectedException.class);
                }));
        cases.add(ConformanceCase.of("docs-2021-all-event-types.json", () -> {
            List<ParsedItem> items = parse("docs-2021-all-event-types.json");
            assertThat(Outcomes.of(items)).containsExactly("sent", "deferred", "delivered", "opened", "clicked",
                    "bounced:hard", "dropped", "complained", "unsubscribed", "unsubscribed", "resubscribed");
            for (ProviderEvent e : events(items)) {
                assertThat(e.providerMessageId()).contains("sg_message_id");
                assertThat(e.recipient()).contains("example@test.com");
                assertThat(e.tags()).containsExactly("cat facts");
                assertThat(e.metadata().isEmpty()).as("no sender metadata in %s", e.type()).isTrue();
            }
        }));
        single(cases, "docs-2021-processed.json", "sent", "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.000000000000000000000",
                "example@test.com");
        single(cases, "docs-2021-deferred.json", "deferred", DOC_MSG, "example@test.com");
        single(cases, "docs-2021-delivered.json", "delivered", DOC_MSG, "example@test.com");
        single(cases, "docs-2021-open.json", "opened", DOC_MSG, "example@test.com");
        single(cases, "docs-2021-click.json", "clicked", DOC_MSG, "example@test.com");
        single(cases, "docs-2021-bounce.json", "bounced:hard", DOC_MSG, "example@test.com");
        single(cases, "docs-2021-blocked.json", "bounced:soft", DOC_MSG, "example@test.com");
        single(cases, "docs-2021-dropped.json", "dropped", DOC_MSG, "example@test.com");
        single(cases, "docs-2021-spamreport.json", "complained", DOC_MSG, "example@test.com");
        single(cases, "docs-2021-unsubscribe.json", "unsubscribed", DOC_MSG, "example@test.com");
        single(cases, "docs-2021-group-unsubscribe.json", "unsubscribed", DOC_MSG, "example@test.com");
        cases.add(ConformanceCase.of("docs-2021-group-resubscribe.json", () ->
                assertThat(Outcomes.of(parse("docs-2021-group-resubscribe.json"))).containsExactly("resubscribed")));
        cases.add(ConformanceCase.of("docs-2021-unique-args-click.json", () -> {
            ProviderEvent e = only(parse("docs-2021-unique-args-click.json"), "clicked");
            assertThat(e.metadata()).isEqualTo(obj("{\"userid\":\"1123\",\"template\":\"welcome\"}"));
            assertThat(e.fields().path("url").asText()).isEqualTo("https://sendgrid.com");
            assertThat(e.recipient()).contains("john.doe@sendgrid.com");
            assertThat(e.providerMessageId()).contains("sendgrid_internal_message_id");
        }));
        cases.add(ConformanceCase.of("docs-2021-singlesend-open.json", () -> {
            ProviderEvent e = only(parse("docs-2021-singlesend-open.json"), "opened");
            assertThat(e.metadata().isEmpty()).as("marketing fields are not metadata: %s", e.metadata()).isTrue();
            assertThat(e.tags()).isEmpty();
            assertThat(e.recipient()).contains("email@example.com");
            assertThat(e.occurredAt()).contains(Instant.ofEpochMilli(1591726752372L));
        }));
        cases.add(ConformanceCase.of("docs-2021-click-url-offset.json", () -> {
            ProviderEvent e = only(parse("docs-2021-click-url-offset.json"), "clicked");
            assertThat(e.metadata()).isEqualTo(obj("{\"unique_arg_key\":\"unique_arg_value\"}"));
            assertThat(e.tags()).containsExactly("category1", "category2");
            assertThat(e.fields().path("url").asText()).isEqualTo("http://yourdomain.com/blog/news.html");
        }));
        cases.add(ConformanceCase.of("docs-current-bounce-hard.json", () -> {
            ProviderEvent e = only(parse("docs-current-bounce-hard.json"), "bounced:hard");
            assertThat(e.fields().path("bounce_reason").asText()).isEqualTo("user_unknown");
            assertThat(e.recipient()).contains("alex@example.com");
            assertThat(e.providerMessageId()).contains(DOC_MSG);
        }));
        cases.add(ConformanceCase.of("docs-current-bounce-blocked.json", () ->
                only(parse("docs-current-bounce-blocked.json"), "bounced:soft")));
        cases.add(ConformanceCase.of("docs-current-open-machine-flag.json", () -> {
            only(parse("docs-current-open-machine-flag.json"), "opened");
            String flipped = ConformanceFiles.text(P, "docs-current-open-machine-flag.json")
                    .replace("\"sg_machine_open\": false", "\"sg_machine_open\": true");
            ProviderEvent machine = only(parse(flipped.getBytes(StandardCharsets.UTF_8)), "opened(machine)");
            assertThat(machine.fields().path("machine_reason").asText()).isEqualTo("provider_flag");
        }));
        cases.add(ConformanceCase.of("docs-current-deferred.json", () -> {
            ProviderEvent e = only(parse("docs-current-deferred.json"), "deferred");
            assertThat(e.providerMessageId()).contains(DOC_MSG);
            assertThat(e.recipient()).contains("alex@example.com");
        }));
        cases.add(ConformanceCase.of("docs-current-account-status-change.json", () ->
                assertThat(Outcomes.of(parse("docs-current-account-status-change.json"))).containsExactly("ignored")));
        return cases;
    }

    private void single(List<ConformanceCase> cases, String file, String outcome, String msgId, String rcpt) {
        cases.add(ConformanceCase.of(file, () -> {
            ProviderEvent e = only(parse(file), outcome);
            assertThat(e.providerMessageId()).contains(msgId);
            assertThat(e.recipient()).contains(rcpt);
            assertThat(e.providerEventId()).isNotBlank();
        }));
    }

    private RequestVerifier verifier(String publicKey) {
        return verifier(publicKey, Duration.ZERO);
    }

    private RequestVerifier verifier(String publicKey, Duration tolerance) {
        ObjectNode given = EventCodec.MAPPER.createObjectNode().put("public_key", publicKey);
        Source source = new Source("src_conformance", "default", P, provider.settings(given), tolerance, false,
                Instant.EPOCH);
        Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        return provider.verifier(source, new ProviderContext(clock, uri -> {
            throw new IOException("no fetching in conformance");
        }));
    }

    private static Instant fixedNow(JsonNode vector) {
        return Instant.ofEpochSecond(vector.path("headers").path("X-Twilio-Email-Event-Webhook-Timestamp").asLong());
    }

    private static Map<String, String> headers(JsonNode vector) {
        Map<String, String> headers = new java.util.TreeMap<>();
        vector.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        return headers;
    }

    private static WebhookRequest request(JsonNode vector, byte[] body) {
        return WebhookRequest.of(headers(vector), body);
    }

    private List<ParsedItem> parse(String file) {
        return parse(ConformanceFiles.bytes(P, file));
    }

    private List<ParsedItem> parse(byte[] body) {
        List<ParsedItem> items = provider.parser(null).parse(WebhookRequest.of(Map.of(), body));
        events(items);
        return items;
    }

    /** The events of the items, each proven storable as POST /v1/events would store it. */
    static List<ProviderEvent> events(List<ParsedItem> items) {
        List<ProviderEvent> out = new ArrayList<>();
        for (ParsedItem item : items) {
            if (item instanceof ParsedItem.Events events) {
                for (ProviderEvent e : events.events()) {
                    EventAssembler.assemble(P, e, e.emailId(), true, Instant.parse("2026-11-22T00:00:00Z"),
                            Clock.systemUTC());
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static ProviderEvent only(List<ParsedItem> items) {
        List<ProviderEvent> events = events(items);
        assertThat(events).hasSize(1);
        return events.getFirst();
    }

    private static ProviderEvent only(List<ParsedItem> items, String outcome) {
        assertThat(Outcomes.of(items)).containsExactly(outcome);
        return only(items);
    }

    private static JsonNode json(String file) {
        try {
            return EventCodec.MAPPER.readTree(ConformanceFiles.bytes(P, file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode obj(String json) {
        try {
            return (ObjectNode) EventCodec.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
