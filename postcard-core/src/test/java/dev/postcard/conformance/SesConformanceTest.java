package dev.postcard.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import dev.postcard.providers.EventAssembler;
import dev.postcard.providers.HttpGetter;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.Source;
import dev.postcard.providers.WebhookRejectedException;
import dev.postcard.providers.WebhookRequest;
import dev.postcard.providers.ses.SesProvider;
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
import java.util.function.Consumer;

/** The SES/SNS fixtures of {@code conformance/providers/ses}, checked as its README says. */
class SesConformanceTest extends ProviderConformance {
    private static final String PEM = "sns-signing-cert-7ff5318490ec183fbaddaa2a969abfda.pem";
    /** Inside the certificate's validity (2021-09-07 → 2022-08-17); tolerance 0 so the vectors' old Timestamps pass. */
    private static final Instant NOW = Instant.parse("2022-01-15T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String DOC_TOPIC = "arn:aws:sns:us-west-2:123456789012:MyTopic";
    private static final String ES_MSG = "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000";

    private final SesProvider provider = new SesProvider();

    @Override
    protected String provider() {
        return "ses";
    }

    @Override
    protected List<ConformanceCase> cases() {
        List<ConformanceCase> cases = new ArrayList<>();
        // Signed vectors: valid, and what the parser makes of them.
        for (String file : List.of("sns-signed-notification-v1-sha1.json", "sns-signed-notification-v2-sha256.json",
                "sns-signed-notification-v1-sha1-with-subject.json", "sns-signed-notification-v2-sha256-with-subject.json")) {
            cases.add(ConformanceCase.of(file + " verifies; Hello world is ignored", List.of(file, PEM), () -> {
                verifier(file).verify(request(bytes(file)), NOW);
                assertThat(Outcomes.of(parse(bytes(file)))).containsExactly("ignored");
            }));
        }
        String bounce = "sns-signed-ses-bounce-event-v1.json";
        cases.add(ConformanceCase.of(bounce + " verifies; bounced:hard", List.of(bounce, PEM), () -> {
            verifier(bounce).verify(request(bytes(bounce)), NOW);
            List<ParsedItem> items = parse(bytes(bounce));
            assertThat(Outcomes.of(items)).containsExactly("bounced:hard");
            ProviderEvent e = only(items);
            assertThat(e.providerMessageId()).contains("0107017cda9fa5c6-be6757c7-8954-4f49-bea4-259cb6e602de-000000");
            assertThat(e.recipient()).contains("bounce@simulator.amazonses.com");
            assertThat(e.providerEventId()).isEqualTo("e2857e84-192d-54ff-9477-277db1208553");
            assertThat(e.fields().path("status_code").asText()).isEqualTo("5.1.1");
            assertThat(e.fields().path("bounce_reason").asText()).isEqualTo("user_unknown");
            assertThat(e.fields().path("reason").asText()).isEqualTo("Permanent/General");
            assertThat(e.fields().path("smtp_response").asText()).isEqualTo("550 5.1.1 user unknown");
            assertThat(e.occurredAt()).contains(Instant.parse("2021-11-01T08:31:09.745Z"));
            // meta channel is mail.tags; here only SES system tags, which stay out of metadata (kept in raw)
            assertThat(e.raw().at("/mail/tags/ses:configuration-set/0").asText()).isEqualTo("keila");
            assertThat(e.metadata().has("ses:configuration-set")).isFalse();
            storable(e);
        }));
        String confirmation = "sns-signed-subscription-confirmation-v1.json";
        cases.add(ConformanceCase.of(confirmation + " verifies; confirm by SubscribeURL", List.of(confirmation, PEM), () -> {
            verifier(confirmation).verify(request(bytes(confirmation)), NOW);
            List<ParsedItem> items = parse(bytes(confirmation));
            assertThat(Outcomes.of(items)).containsExactly("ignored");
            ParsedItem.ConfirmSubscription confirm = (ParsedItem.ConfirmSubscription) items.getFirst();
            assertThat(confirm.topicArn()).isEqualTo("arn:aws:sns:eu-central-1:573964052742:keila_notifications");
            assertThat(confirm.subscribeUrl().getHost()).isEqualTo("sns.eu-central-1.amazonaws.com");
            assertThat(SesProvider.isAmazonSnsUrl(confirm.subscribeUrl())).isTrue();
        }));

        // Derived negative cases.
        String v1 = "sns-signed-notification-v1-sha1.json";
        Map<String, Consumer<ObjectNode>> tampering = new LinkedHashMap<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        tampering.put("Message changed", n -> n.put("Message", "Hello world!"));
        tampering.put("MessageId changed", n -> n.put("MessageId", "792cda85-518f-5dd3-9163-81d851212f3b"));
        tampering.put("Timestamp changed", n -> n.put("Timestamp", "2022-07-28T21:23:58.318Z"));
        tampering.put("Subject added", n -> n.put("Subject", "Hello world"));
        tampering.put("Signature changed", n -> n.put("Signature", n.get("Signature").asText().replace("ghtf", "ghtF")));
        tampering.put("SignatureVersion 3", n -> n.put("SignatureVersion", "3"));
        tampering.put("SignatureVersion 2 on a v1 signature", n -> n.put("SignatureVersion", "2"));
        tampering.put("http:// SigningCertURL", n -> n.put("SigningCertURL",
                n.get("SigningCertURL").asText().replace("https://", "http://")));
        tampering.put("s3 bucket SigningCertURL", n -> n.put("SigningCertURL",
                "https://s3.amazonaws.com/attacker-bucket/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem"));
        tampering.put("look-alike host SigningCertURL", n -> n.put("SigningCertURL",
                "https://sns.us-east-2.amazonaws.com.evil.example/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem"));
        tampering.put("userinfo SigningCertURL", n -> n.put("SigningCertURL",
                "https://sns.us-east-2.amazonaws.com@evil.example/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem"));
        tampering.put("non-.pem SigningCertURL", n -> n.put("SigningCertURL",
                "https://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.txt"));
        tampering.put("TopicArn not allowed", n -> n.put("TopicArn", "arn:aws:sns:us-east-2:295079676684:other"));
        tampering.keySet().forEach(name -> reasons.put(name, name.contains("SigningCertURL") ? "SigningCertURL is not"
                : name.equals("SignatureVersion 3") ? "unsupported SNS SignatureVersion"
                : name.contains("TopicArn") ? "TopicArn is not one of" : "signature does not match"));
        for (Map.Entry<String, Consumer<ObjectNode>> t : tampering.entrySet()) {
            cases.add(ConformanceCase.of(v1 + " rejected: " + t.getKey(), List.of(v1, PEM), () -> {
                ObjectNode n = (ObjectNode) EventCodec.MAPPER.readTree(bytes(v1));
                String topic = n.get("TopicArn").asText();
                t.getValue().accept(n);
                rejected(verifier(topic), request(EventCodec.MAPPER.writeValueAsBytes(n)), reasons.get(t.getKey()));
            }));
        }
        cases.add(ConformanceCase.of(v1 + " rejected: x-amz-sns-message-type mismatch", List.of(v1, PEM), () ->
                rejected(verifier(v1), WebhookRequest.of(Map.of("x-amz-sns-message-type", "SubscriptionConfirmation"),
                        bytes(v1)), "x-amz-sns-message-type")));
        cases.add(ConformanceCase.of(v1 + " rejected: certificate not valid at the clock", List.of(v1, PEM), () ->
                assertThatThrownBy(() -> provider.verifier(source(topic(v1)),
                                new ProviderContext(Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC), PEM_GETTER))
                        .verify(request(bytes(v1)), NOW)).isInstanceOf(WebhookRejectedException.class)
                        .hasMessageContaining("certificate is not valid")));
        cases.add(ConformanceCase.of(v1 + " rejected: stale Timestamp with a tolerance", List.of(v1, PEM), () ->
                assertThatThrownBy(() -> provider.verifier(withTolerance(source(topic(v1)), Duration.ofMinutes(5)),
                        new ProviderContext(CLOCK, PEM_GETTER)).verify(request(bytes(v1)), NOW))
                        .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("tolerance")));
        for (String file : List.of("sns-signed-notification-v1-sha1-with-subject.json",
                "sns-signed-notification-v2-sha256-with-subject.json")) {
            cases.add(ConformanceCase.of(file + " rejected with Subject left out of the string-to-sign",
                    List.of(file, PEM), () -> {
                        ObjectNode n = (ObjectNode) EventCodec.MAPPER.readTree(bytes(file));
                        n.remove("Subject");
                        rejected(verifier(file), request(EventCodec.MAPPER.writeValueAsBytes(n)), "signature does not match");
                    }));
        }

        // SNS developer guide envelopes: placeholder signatures fail; parse-only.
        cases.add(ConformanceCase.of("sns-doc-subscription-confirmation.http", () -> {
            WebhookRequest r = http("sns-doc-subscription-confirmation.http");
            assertThat(r.header("x-amz-sns-message-type")).contains("SubscriptionConfirmation");
            rejected(verifier(DOC_TOPIC), r, "ignature");
            List<ParsedItem> items = provider.parser(source(DOC_TOPIC)).parse(r);
            assertThat(Outcomes.of(items)).containsExactly("ignored");
            assertThat(items.getFirst()).isInstanceOf(ParsedItem.ConfirmSubscription.class);
        }));
        cases.add(ConformanceCase.of("sns-doc-notification.http", () -> {
            WebhookRequest r = http("sns-doc-notification.http");
            rejected(verifier(DOC_TOPIC), r, "ignature");
            assertThat(Outcomes.of(provider.parser(source(DOC_TOPIC)).parse(r))).containsExactly("ignored");
        }));
        cases.add(ConformanceCase.of("sns-doc-unsubscribe-confirmation.http", () -> {
            WebhookRequest r = http("sns-doc-unsubscribe-confirmation.http");
            rejected(verifier(DOC_TOPIC), r, "ignature");
            List<ParsedItem> items = provider.parser(source(DOC_TOPIC)).parse(r);
            assertThat(Outcomes.of(items)).containsExactly("ignored");
            assertThat(items.getFirst()).isInstanceOf(ParsedItem.Ignored.class);
        }));

        // SES event publishing records, delivered inside an SNS Notification.
        record Expect(String file, String outcome, String msgId, String rcpt) {
        }
        for (Expect x : List.of(
                new Expect("event-send.json", "sent", ES_MSG, "recipient@example.com"),
                new Expect("event-delivery.json", "delivered", ES_MSG, "recipient@example.com"),
                new Expect("event-bounce-permanent.json", "bounced:hard", ES_MSG, "recipient@example.com"),
                new Expect("event-complaint.json", "complained", ES_MSG, "recipient@example.com"),
                new Expect("event-reject.json", "rejected", ES_MSG, "sender@example.com"),
                new Expect("event-open.json", "opened", ES_MSG, "recipient@example.com"),
                new Expect("event-click.json", "clicked", ES_MSG, "recipient@example.com"),
                new Expect("event-rendering-failure.json", "failed", ES_MSG, "recipient@example.com"),
                new Expect("event-delivery-delay.json", "deferred", ES_MSG, "recipient@example.com"),
                new Expect("event-subscription.json", "unsubscribed",
                        "EXAMPLEe4bccb684-777bc8de-afa7-4970-92b0-f515137b1497-000000", "recipient@example.com"),
                new Expect("notification-bounce-with-dsn.json", "bounced:hard",
                        "00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000", "jane@example.com"),
                new Expect("notification-complaint-with-feedback-report.json", "complained",
                        "000001378603177f-7a5433e7-8edb-42ae-af10-f0181f34d6ee-000000", "richard@example.com"),
                new Expect("notification-complaint-without-feedback-report.json", "complained",
                        "0000013786031775-163e3910-53eb-4c8e-a04a-f29debf88a84-000000", "richard@example.com"),
                new Expect("notification-delivery.json", "delivered",
                        "0000014644fe5ef6-9a483358-9170-4cb4-a269-f5dcdf415321-000000", "jane@example.com"))) {
            cases.add(ConformanceCase.of(x.file(), () -> {
                List<ParsedItem> items = parse(wrap(x.file()));
                assertThat(Outcomes.of(items)).containsExactly(x.outcome());
                ProviderEvent e = only(items);
                assertThat(e.providerMessageId()).contains(x.msgId());
                assertThat(e.recipient()).contains(x.rcpt());
                assertThat(e.providerEventId()).isEqualTo("sns-" + x.file());
                storable(e);
                check(x.file(), e);
            }));
        }
        cases.add(ConformanceCase.of("notification-bounce-without-dsn.json", () -> {
            List<ParsedItem> items = parse(wrap("notification-bounce-without-dsn.json"));
            assertThat(Outcomes.of(items)).containsExactly("bounced:hard", "bounced:hard");
            List<ProviderEvent> events = ((ParsedItem.Events) items.getFirst()).events();
            assertThat(events).extracting(e -> e.recipient().orElseThrow())
                    .containsExactly("jane@example.com", "richard@example.com");
            events.forEach(e -> assertThat(e.providerMessageId())
                    .contains("00000137860315fd-34208509-5b74-41f3-95c5-22c1edc3c924-000000"));
            events.forEach(SesConformanceTest::storable);
        }));
        return cases;
    }

    /** The per-file details the README names. */
    private static void check(String file, ProviderEvent e) {
        JsonNode f = e.fields();
        switch (file) {
            case "event-send.json", "event-reject.json", "event-delivery.json" -> {
                assertThat(e.metadata().path("myCustomTag1").asText()).isEqualTo("myCustomTagValue1");
                assertThat(e.metadata().has("ses:configuration-set")).isFalse();
                if (file.equals("event-delivery.json")) {
                    assertThat(f.path("smtp_response").asText()).isEqualTo("250 2.6.0 Message received");
                    assertThat(e.occurredAt()).contains(Instant.parse("2016-10-19T23:21:04.133Z"));
                }
                if (file.equals("event-reject.json")) {
                    assertThat(f.path("error").asText()).isEqualTo("Bad content");
                }
            }
            case "event-bounce-permanent.json", "notification-bounce-with-dsn.json" -> {
                assertThat(f.path("status_code").asText()).isEqualTo("5.1.1");
                assertThat(f.path("bounce_reason").asText()).isEqualTo("user_unknown");
                assertThat(f.path("reason").asText()).isEqualTo("Permanent/General");
                if (file.startsWith("notification")) {
                    assertThat(e.raw().at("/mail/commonHeaders/messageId").asText()).isEqualTo("custom-message-ID");
                }
            }
            case "event-complaint.json", "notification-complaint-with-feedback-report.json" ->
                    assertThat(f.path("complaint_type").asText()).isEqualTo("abuse");
            case "notification-complaint-without-feedback-report.json" -> {
                assertThat(f.has("complaint_type")).isFalse();
                assertThat(f.path("feedback_id").asText())
                        .isEqualTo("0000013786031775-fea503bc-7497-49e1-881b-a0379bb037d3-000000");
            }
            case "event-open.json" -> {
                assertThat(f.path("ip_address").asText()).isEqualTo("192.0.2.1");
                assertThat(f.path("user_agent").asText()).contains("iPhone");
                assertThat(e.metadata().path("myCustomTag2").asText()).isEqualTo("myCustomValue2");
            }
            case "event-click.json" -> {
                assertThat(f.path("url").asText())
                        .isEqualTo("http://docs.aws.amazon.com/ses/latest/DeveloperGuide/send-email-smtp.html");
                assertThat(f.path("ip_address").asText()).isEqualTo("192.0.2.1");
            }
            case "event-rendering-failure.json" -> {
                assertThat(f.path("reason").asText()).isEqualTo("rendering_failure");
                assertThat(f.path("error").asText()).contains("MyTemplate");
            }
            case "event-delivery-delay.json" -> {
                assertThat(f.path("reason").asText()).isEqualTo("TransientCommunicationFailure");
                assertThat(f.path("smtp_response").asText()).contains("4.4.1");
            }
            case "event-subscription.json" -> assertThat(f.path("method").asText()).isEqualTo("provider");
            case "notification-delivery.json" ->
                    assertThat(f.path("smtp_response").asText()).isEqualTo("250 ok:  Message 64111812 accepted");
            default -> {
            }
        }
    }

    /** Serves the README's certificate for any SigningCertURL of that name; anything else is not found. */
    private static final HttpGetter PEM_GETTER = uri -> {
        if (uri.getPath().endsWith(".pem")) {
            return ConformanceFiles.bytes("ses", PEM);
        }
        throw new IOException("404 " + uri);
    };

    private static byte[] bytes(String file) {
        return ConformanceFiles.bytes("ses", file);
    }

    private static WebhookRequest request(byte[] body) {
        return WebhookRequest.of(Map.of("Content-Type", "text/plain; charset=UTF-8"), body);
    }

    private List<ParsedItem> parse(byte[] body) {
        return provider.parser(source(DOC_TOPIC)).parse(request(body));
    }

    private static ProviderEvent only(List<ParsedItem> items) {
        assertThat(items).hasSize(1);
        List<ProviderEvent> events = ((ParsedItem.Events) items.getFirst()).events();
        assertThat(events).hasSize(1);
        return events.getFirst();
    }

    private static void storable(ProviderEvent e) {
        assertThatCode(() -> EventAssembler.assemble("ses", e, e.emailId(), true, NOW)).doesNotThrowAnyException();
    }

    private static void rejected(RequestVerifier verifier, WebhookRequest request, String reason) {
        assertThatThrownBy(() -> verifier.verify(request, NOW)).isInstanceOf(WebhookRejectedException.class)
                .hasMessageContaining(reason);
    }

    private static String topic(String file) throws IOException {
        return EventCodec.MAPPER.readTree(bytes(file)).get("TopicArn").asText();
    }

    private RequestVerifier verifier(String fileOrTopic) throws IOException {
        String topic = fileOrTopic.startsWith("arn:") ? fileOrTopic : topic(fileOrTopic);
        return provider.verifier(source(topic), new ProviderContext(CLOCK, PEM_GETTER));
    }

    private Source source(String topic) {
        ObjectNode given = EventCodec.MAPPER.createObjectNode();
        given.putArray("topic_arns").add(topic);
        return new Source("src_conformance", "default", "ses", provider.settings(given), Duration.ZERO, true, NOW);
    }

    private static Source withTolerance(Source s, Duration tolerance) {
        return new Source(s.id(), s.tenantId(), s.provider(), s.settings(), tolerance, s.keepRaw(), s.createdAt());
    }

    /** An SES record as SNS delivers it: the file's text as the Message of a Notification. */
    private static byte[] wrap(String file) throws IOException {
        ObjectNode n = EventCodec.MAPPER.createObjectNode();
        n.put("Type", "Notification");
        n.put("MessageId", "sns-" + file);
        n.put("TopicArn", DOC_TOPIC);
        n.put("Subject", "Amazon SES Email Event Notification");
        n.put("Message", ConformanceFiles.text("ses", file));
        n.put("Timestamp", "2022-01-15T00:00:00.000Z");
        n.put("SignatureVersion", "1");
        n.put("Signature", "unsigned");
        n.put("SigningCertURL", "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-x.pem");
        return EventCodec.MAPPER.writeValueAsBytes(n);
    }

    /** A {@code .http} file: request line, headers, blank line, body. */
    private static WebhookRequest http(String file) {
        String text = ConformanceFiles.text("ses", file).replace("\r\n", "\n");
        int blank = text.indexOf("\n\n");
        Map<String, String> headers = new LinkedHashMap<>();
        String[] lines = text.substring(0, blank).split("\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
        }
        return WebhookRequest.of(headers, text.substring(blank + 2).getBytes(StandardCharsets.UTF_8));
    }

}
