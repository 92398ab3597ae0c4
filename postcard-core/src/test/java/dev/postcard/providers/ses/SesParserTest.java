package dev.postcard.providers.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.providers.EventAssembler;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.Source;
import dev.postcard.providers.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SesParserTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:30:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String EMAIL_ID = "msg_01JDQ4YB2C3D4E5F6G7H8J9K0M";

    final SesProvider provider = new SesProvider();
    final ProviderParser parser = provider.parser(null);

    /** A {@code mail} object as SES documents it, with the sender's tags and Postcard's header. */
    static String mail(String destination) {
        return """
                "mail": {
                  "timestamp": "2026-11-22T10:00:00.000Z",
                  "source": "app@example.org",
                  "sendingAccountId": "123456789012",
                  "messageId": "  0100019a-test-message-id-000000 ",
                  "destination": %s,
                  "headersTruncated": false,
                  "headers": [{"name": "From", "value": "app@example.org"},
                              {"name": "x-postcard-email-id", "value": "msg_FROM_HEADER_0000000000000"}],
                  "commonHeaders": {"from": ["app@example.org"], "to": ["user@example.com"], "subject": "Hi"},
                  "tags": {
                    "ses:configuration-set": ["postcard"],
                    "ses:source-ip": ["192.0.2.10"],
                    "postcard_email_id": ["%s"],
                    "campaign": ["welcome", "ignored-second-value"]
                  }
                }""".formatted(destination, EMAIL_ID);
    }

    static String record(String type, String body) {
        return "{\"eventType\": \"" + type + "\", " + mail("[\"user@example.com\"]") + (body.isEmpty() ? "" : ", " + body) + "}";
    }

    static WebhookRequest envelope(String message) {
        ObjectNode n = SnsTestSigner.notification(message, "Amazon SES Email Event Notification", "2026-11-22T10:29:00Z");
        n.put("Signature", "unsigned-in-parser-tests");
        return WebhookRequest.of(Map.of(), SnsTestSigner.bytes(n));
    }

    List<ParsedItem> parse(String message) {
        return parser.parse(envelope(message));
    }

    List<ProviderEvent> events(String message) {
        List<ParsedItem> items = parse(message);
        assertThat(items).hasSize(1);
        assertThat(items.getFirst()).isInstanceOf(ParsedItem.Events.class);
        List<ProviderEvent> events = ((ParsedItem.Events) items.getFirst()).events();
        events.forEach(SesParserTest::storable);
        return events;
    }

    ProviderEvent one(String message) {
        List<ProviderEvent> events = events(message);
        assertThat(events).hasSize(1);
        return events.getFirst();
    }

    static Event storable(ProviderEvent e) {
        return EventAssembler.assemble("ses", e, e.emailId(), true, NOW);
    }

    @Test
    void sendCarriesIdsMetadataAndEmailId() {
        ProviderEvent e = one(record("Send", "\"send\": {}"));
        assertThat(e.type()).isEqualTo(EventType.EMAIL_SENT);
        assertThat(e.providerMessageId()).contains("0100019a-test-message-id-000000");
        assertThat(e.providerEventId()).isEqualTo("5b3c1a0e-0000-4000-8000-000000000001");
        assertThat(e.recipient()).contains("user@example.com");
        assertThat(e.occurredAt()).contains(Instant.parse("2026-11-22T10:00:00Z"));
        assertThat(e.emailId()).contains(EMAIL_ID);
        assertThat(e.metadata().path("campaign").asText()).isEqualTo("welcome");
        assertThat(e.metadata().path("postcard_email_id").asText()).isEqualTo(EMAIL_ID);
        assertThat(e.metadata().has("ses:configuration-set")).isFalse();
        assertThat(e.tags()).isEmpty();
        Event stored = storable(e);
        assertThat(stored.data().path("email_id").asText()).isEqualTo(EMAIL_ID);
        assertThat(stored.data().path("provider").asText()).isEqualTo("ses");
        assertThat(stored.data().at("/raw/mail/tags/ses:configuration-set/0").asText()).isEqualTo("postcard");
    }

    @Test
    void emailIdFallsBackToTheEchoedHeader() {
        String message = record("Send", "\"send\": {}").replace("\"postcard_email_id\": [\"" + EMAIL_ID + "\"],", "");
        ProviderEvent e = one(message);
        assertThat(e.emailId()).contains("msg_FROM_HEADER_0000000000000");
        assertThat(one(message.replace("msg_FROM_HEADER_0000000000000", "m".repeat(129))).emailId()).isEmpty();
        String none = message.replace("x-postcard-email-id", "X-Other");
        assertThat(one(none).emailId()).isEmpty();
    }

    @Test
    void deliveryOnePerRecipientWithSmtpResponse() {
        List<ProviderEvent> events = events("{\"eventType\": \"Delivery\", " + mail("[\"a@example.com\", \"b@example.com\"]")
                + ", \"delivery\": {\"timestamp\": \"2026-11-22T10:00:05.000Z\", \"processingTimeMillis\": 5000,"
                + " \"recipients\": [\"a@example.com\", \"Bee <b@example.com>\"], \"smtpResponse\": \"250 2.0.0 OK\"}}");
        assertThat(events).extracting(e -> e.recipient().orElseThrow()).containsExactly("a@example.com", "b@example.com");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.EMAIL_DELIVERED);
            assertThat(e.fields().path("smtp_response").asText()).isEqualTo("250 2.0.0 OK");
            assertThat(e.occurredAt()).contains(Instant.parse("2026-11-22T10:00:05Z"));
        });
        // the assembler gives each recipient its own event id from the one SNS MessageId
        assertThat(storable(events.get(0)).id()).isNotEqualTo(storable(events.get(1)).id());
    }

    @Test
    void permanentBounceIsHardWithStatusAndResponse() {
        ProviderEvent e = one(record("Bounce", """
                "bounce": {"bounceType": "Permanent", "bounceSubType": "NoEmail",
                  "bouncedRecipients": [{"emailAddress": "user@example.com", "action": "failed", "status": "5.1.1",
                                         "diagnosticCode": "smtp; 550 5.1.1 <user@example.com>: Recipient address rejected"}],
                  "timestamp": "2026-11-22T10:00:03.000Z", "feedbackId": "fb-1"}"""));
        assertThat(e.type()).isEqualTo(EventType.EMAIL_BOUNCED);
        assertThat(e.fields().path("bounce_type").asText()).isEqualTo("hard");
        assertThat(e.fields().path("bounce_reason").asText()).isEqualTo("user_unknown");
        assertThat(e.fields().path("status_code").asText()).isEqualTo("5.1.1");
        assertThat(e.fields().path("smtp_response").asText()).isEqualTo("550 5.1.1 <user@example.com>: Recipient address rejected");
        assertThat(e.fields().path("reason").asText()).isEqualTo("Permanent/NoEmail");
        assertThat(e.occurredAt()).contains(Instant.parse("2026-11-22T10:00:03Z"));
    }

    @Test
    void bounceClassesMapToTypesAndReasons() {
        record Case(String type, String subType, String diagnostic, String bounceType, String reason) {
        }
        for (Case c : List.of(
                new Case("Permanent", "Suppressed", null, "hard", "suppressed_by_provider"),
                new Case("Permanent", "OnAccountSuppressionList", null, "hard", "suppressed_by_provider"),
                new Case("Permanent", "General", "smtp; 550 5.1.1 user unknown", "hard", "user_unknown"),
                // The bounce-mail reason rules read the diagnostic: x.7.0 is a security or policy status.
                new Case("Transient", "General", "smtp; 421 4.7.0 try again later", "soft", "security"),
                new Case("Transient", "General", "smtp; 421 4.7.28 rate limited, try again later", "soft", "rate_limited"),
                new Case("Transient", "MailboxFull", "smtp; 552 5.2.2 over quota", "soft", "mailbox_full"),
                new Case("Transient", "MessageTooLarge", null, "soft", "message_too_large"),
                new Case("Transient", "ContentRejected", null, "soft", "content_rejected"),
                new Case("Transient", "AttachmentRejected", null, "soft", "content_rejected"),
                new Case("Undetermined", "Undetermined", null, "undetermined", "undetermined"),
                new Case("Sideways", "", null, "undetermined", "undetermined"))) {
            String rcpt = "{\"emailAddress\": \"user@example.com\""
                    + (c.diagnostic() == null ? "" : ", \"diagnosticCode\": \"" + c.diagnostic() + "\"") + "}";
            ProviderEvent e = one(record("Bounce", "\"bounce\": {\"bounceType\": \"" + c.type() + "\", \"bounceSubType\": \""
                    + c.subType() + "\", \"bouncedRecipients\": [" + rcpt + "]}"));
            assertThat(e.fields().path("bounce_type").asText()).as(c.toString()).isEqualTo(c.bounceType());
            assertThat(e.fields().path("bounce_reason").asText()).as(c.toString()).isEqualTo(c.reason());
            // no bounce.timestamp: mail.timestamp
            assertThat(e.occurredAt()).contains(Instant.parse("2026-11-22T10:00:00Z"));
        }
    }

    @Test
    void bounceStatusFallsBackToTheDiagnosticAndOnlyBouncedRecipientsCount() {
        List<ProviderEvent> events = events("{\"notificationType\": \"Bounce\", "
                + mail("[\"a@example.com\", \"b@example.com\", \"c@example.com\"]")
                + ", \"bounce\": {\"bounceType\": \"Permanent\", \"bounceSubType\": \"General\", \"bouncedRecipients\": ["
                + "{\"emailAddress\": \"c@example.com\", \"status\": \"not-a-status\", \"diagnosticCode\": \"smtp; 550 5.1.2 host unknown\"},"
                + "{\"emailAddress\": 42}, {\"nothing\": true}, \"c@example.com\"]}}");
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().recipient()).contains("c@example.com");
        assertThat(events.getFirst().fields().path("status_code").asText()).isEqualTo("5.1.2");
        assertThat(events.getFirst().fields().path("bounce_reason").asText()).isEqualTo("host_unknown");
    }

    @Test
    void bounceNeedsNoUsableDestination() {
        ProviderEvent e = one("{\"eventType\": \"Bounce\", " + mail("\"undisclosed\"") + ", \"bounce\": {\"bounceType\": "
                + "\"Transient\", \"bouncedRecipients\": [{\"emailAddress\": \"user@example.com\"}]}}");
        assertThat(e.recipient()).contains("user@example.com");
        assertThat(e.fields().path("reason").asText()).isEqualTo("Transient");
    }

    @Test
    void complaintWithFeedbackType() {
        ProviderEvent e = one("{\"notificationType\": \"Complaint\", " + mail("[\"user@example.com\"]") + ", \"complaint\": {"
                + "\"complainedRecipients\": [{\"emailAddress\": \"User@Example.com\"}], \"timestamp\": \"2026-11-22T11:00:00Z\","
                + "\"feedbackId\": \"fb-2\", \"complaintFeedbackType\": \"Abuse\"}}");
        assertThat(e.type()).isEqualTo(EventType.EMAIL_COMPLAINED);
        assertThat(e.fields().path("complaint_type").asText()).isEqualTo("abuse");
        assertThat(e.fields().path("feedback_id").asText()).isEqualTo("fb-2");
        assertThat(storable(e).data().path("to").asText()).isEqualTo("user@example.com");
    }

    @Test
    void complaintOnTheAccountSuppressionListIsADrop() {
        ProviderEvent e = one(record("Complaint", "\"complaint\": {\"complaintSubType\": \"OnAccountSuppressionList\","
                + "\"complainedRecipients\": [{\"emailAddress\": \"user@example.com\"}], \"timestamp\": \"2026-11-22T11:00:00Z\"}"));
        assertThat(e.type()).isEqualTo(EventType.EMAIL_DROPPED);
        assertThat(e.fields().path("reason").asText()).isEqualTo("suppressed");
    }

    @Test
    void deliveryDelayIsDeferred() {
        ProviderEvent e = one(record("DeliveryDelay", "\"deliveryDelay\": {\"timestamp\": \"2026-11-22T10:10:00Z\","
                + "\"delayType\": \"MailboxFull\", \"delayedRecipients\": [{\"emailAddress\": \"user@example.com\","
                + "\"status\": \"4.2.2\", \"diagnosticCode\": \"smtp; 452 4.2.2 mailbox full\"}]}"));
        assertThat(e.type()).isEqualTo(EventType.EMAIL_DELIVERY_DELAYED);
        assertThat(e.fields().path("reason").asText()).isEqualTo("MailboxFull");
        assertThat(e.fields().path("smtp_response").asText()).isEqualTo("452 4.2.2 mailbox full");
    }

    @Test
    void rejectAndRenderingFailureAreFailures() {
        ProviderEvent reject = one(record("Reject", "\"reject\": {\"reason\": \"Bad content\"}"));
        assertThat(reject.type()).isEqualTo(EventType.EMAIL_FAILED);
        assertThat(reject.fields().path("reason").asText()).isEqualTo("rejected");
        assertThat(reject.fields().path("error").asText()).isEqualTo("Bad content");
        ProviderEvent render = one(record("Rendering Failure", "\"failure\": {\"errorMessage\": \"Attribute 'x' missing\","
                + "\"templateName\": \"Welcome\"}"));
        assertThat(render.fields().path("reason").asText()).isEqualTo("rendering_failure");
        assertThat(render.fields().path("error").asText()).isEqualTo("template Welcome: Attribute 'x' missing");
    }

    @Test
    void openAndClick() {
        ProviderEvent open = one(record("Open", "\"open\": {\"ipAddress\": \"192.0.2.1\", \"timestamp\": \"2026-11-22T10:05:00Z\","
                + "\"userAgent\": \"Mozilla/5.0\"}"));
        assertThat(open.type()).isEqualTo(EventType.EMAIL_OPENED);
        assertThat(open.fields().path("ip_address").asText()).isEqualTo("192.0.2.1");
        assertThat(open.fields().path("user_agent").asText()).isEqualTo("Mozilla/5.0");
        assertThat(open.fields().path("machine").asBoolean(true)).isFalse();
        assertThat(open.occurredAt()).contains(Instant.parse("2026-11-22T10:05:00Z"));
        ProviderEvent click = one(record("Click", "\"click\": {\"ipAddress\": \"192.0.2.1\", \"timestamp\": \"2026-11-22T10:06:00Z\","
                + "\"link\": \"https://example.com/a?b=c\", \"linkTags\": {\"k\": [\"v\"]}}"));
        assertThat(click.type()).isEqualTo(EventType.EMAIL_CLICKED);
        assertThat(click.fields().path("url").asText()).isEqualTo("https://example.com/a?b=c");
        ProviderEvent script = one(record("Click", "\"click\": {\"link\": \"javascript:alert(1)\"}"));
        assertThat(script.fields().has("url")).isFalse();
    }

    @Test
    void subscriptionUnsubscribeAndResubscribe() {
        ProviderEvent unsub = one(record("Subscription", """
                "subscription": {"contactList": "L", "timestamp": "2026-11-22T10:07:00Z", "source": "UnsubscribeHeader",
                  "newTopicPreferences": {"unsubscribeAll": false,
                    "topicSubscriptionStatus": [{"topicName": "news", "subscriptionStatus": "OptOut"}]},
                  "oldTopicPreferences": {"unsubscribeAll": false,
                    "topicSubscriptionStatus": [{"topicName": "news", "subscriptionStatus": "OptIn"}]}}"""));
        assertThat(unsub.type()).isEqualTo(EventType.EMAIL_UNSUBSCRIBED);
        assertThat(unsub.fields().path("method").asText()).isEqualTo("provider");
        List<ParsedItem> resub = parse(record("Subscription", """
                "subscription": {"timestamp": "2026-11-22T10:07:00Z",
                  "newTopicPreferences": {"unsubscribeAll": false},
                  "oldTopicPreferences": {"unsubscribeAll": true}}"""));
        assertThat(resub.getFirst()).isInstanceOfSatisfying(ParsedItem.Ignored.class,
                i -> assertThat(i.reason()).startsWith("resubscribed"));
        List<ParsedItem> same = parse(record("Subscription", "\"subscription\": {\"newTopicPreferences\": {}}"));
        assertThat(same.getFirst()).isInstanceOfSatisfying(ParsedItem.Ignored.class,
                i -> assertThat(i.reason()).doesNotStartWith("resubscribed"));
    }

    @Test
    void controlMessagesAreIgnored() {
        assertThat(parse("Hello world").getFirst()).isInstanceOf(ParsedItem.Ignored.class);
        assertThat(parse("{\"notificationType\":\"AmazonSnsSubscriptionSucceeded\",\"message\":\"You have successfully subscribed\"}")
                .getFirst()).isInstanceOf(ParsedItem.Ignored.class);
        ObjectNode unsub = SnsTestSigner.confirmation("UnsubscribeConfirmation", "2026-11-22T10:29:00Z");
        unsub.put("Signature", "x");
        assertThat(parser.parse(WebhookRequest.of(Map.of(), SnsTestSigner.bytes(unsub))).getFirst())
                .isInstanceOf(ParsedItem.Ignored.class);
    }

    @Test
    void subscriptionConfirmationAsksToConfirm() {
        ObjectNode n = SnsTestSigner.confirmation("SubscriptionConfirmation", "2026-11-22T10:29:00Z");
        n.put("Signature", "x");
        ParsedItem item = parser.parse(WebhookRequest.of(Map.of(), SnsTestSigner.bytes(n))).getFirst();
        assertThat(item).isInstanceOfSatisfying(ParsedItem.ConfirmSubscription.class, c -> {
            assertThat(c.topicArn()).isEqualTo(SnsTestSigner.TOPIC);
            assertThat(c.subscribeUrl().toString()).startsWith("https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription");
        });
        n.put("SubscribeURL", "https://evil.example/confirm");
        assertThat(parser.parse(WebhookRequest.of(Map.of(), SnsTestSigner.bytes(n))).getFirst())
                .isInstanceOfSatisfying(ParsedItem.Failed.class, f -> assertThat(f.field()).isEqualTo("SubscribeURL"));
    }

    @Test
    void unusableRecordsAreFailedItemsNamingTheField() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("[1, 2]", "Message");
        cases.put("{\"hello\": \"world\"}", "Message");
        cases.put("{\"eventType\": 5, \"notificationType\": []}", "Message");
        cases.put("{oops", "Message");
        cases.put(record("Teleport", ""), "Message.eventType");
        cases.put("{\"notificationType\": \"Teleport\", " + mail("[\"a@example.com\"]") + "}", "Message.notificationType");
        cases.put("{\"eventType\": \"Send\"}", "Message.mail");
        cases.put("{\"eventType\": \"Send\", \"mail\": []}", "Message.mail");
        cases.put("{\"eventType\": \"Send\", \"mail\": {\"destination\": [\"a@example.com\"]}}", "Message.mail.messageId");
        cases.put("{\"eventType\": \"Send\", \"mail\": {\"messageId\": \"m\", \"destination\": \"a@example.com\"}}", "Message.mail.destination");
        cases.put("{\"eventType\": \"Send\", \"mail\": {\"messageId\": \"m\", \"destination\": [\"not an address\", 7]}}",
                "Message.mail.destination");
        cases.put("{\"eventType\": \"Send\", \"mail\": {\"messageId\": \"m\"}}", "Message.mail.destination");
        cases.put("{\"eventType\": \"Send\", \"mail\": {\"messageId\": \"m\", \"timestamp\": \"yesterday\", \"destination\": [\"a@example.com\"]}}",
                "Message.mail.timestamp");
        cases.put(record("Bounce", ""), "Message.bounce");
        cases.put(record("Bounce", "\"bounce\": {\"bouncedRecipients\": {}}"), "Message.bounce.bouncedRecipients");
        cases.put(record("Bounce", "\"bounce\": {\"bouncedRecipients\": []}"), "Message.bounce.bouncedRecipients");
        cases.put(record("Bounce", "\"bounce\": {\"timestamp\": 12, \"bouncedRecipients\": [{\"emailAddress\": \"a@example.com\"}]}"),
                "Message.bounce.timestamp");
        cases.put(record("Complaint", "\"complaint\": \"no\""), "Message.complaint");
        cases.put(record("Delivery", "\"delivery\": {\"recipients\": [null]}"), "Message.delivery.recipients");
        cases.put(record("DeliveryDelay", "\"deliveryDelay\": {}"), "Message.deliveryDelay.delayedRecipients");
        cases.put(record("Subscription", ""), "Message.subscription");
        cases.forEach((message, field) -> {
            List<ParsedItem> items = parse(message);
            assertThat(items).as(message).hasSize(1);
            assertThat(items.getFirst()).as(message).isInstanceOfSatisfying(ParsedItem.Failed.class,
                    f -> assertThat(f.field()).as(message).isEqualTo(field));
        });
    }

    @Test
    void malformedEnvelopesAreBadInput() {
        for (String body : new String[] {"", "nope", "[]", "{\"Type\": \"Notification\"}",
                "{\"Type\": \"Notification\", \"MessageId\": 1}"}) {
            assertThatThrownBy(() -> parser.parse(WebhookRequest.of(Map.of(), body.getBytes(StandardCharsets.UTF_8))))
                    .as(body).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void hostileRecordsNeverThrow() {
        String base = record("Bounce", """
                "bounce": {"bounceType": "Permanent", "bounceSubType": "General",
                  "bouncedRecipients": [{"emailAddress": "user@example.com", "status": "5.1.1", "diagnosticCode": "smtp; 550"}],
                  "timestamp": "2026-11-22T10:00:03.000Z"}""");
        Random random = new Random(7);
        String[] replacements = {"null", "[]", "{}", "1e999", "-1", "\"\"", "\"x\"", "true", "[[[[[]]]]]",
                "\"" + "a".repeat(20_000) + "\"", "{\"a\":{\"b\":{\"c\":[1,{}]}}}"};
        String[] keys = {"\"bounce\"", "\"mail\"", "\"bouncedRecipients\"", "\"emailAddress\"", "\"timestamp\"",
                "\"status\"", "\"diagnosticCode\"", "\"destination\"", "\"tags\"", "\"headers\"", "\"messageId\"",
                "\"bounceType\"", "\"eventType\""};
        for (int i = 0; i < 1500; i++) {
            String message = base;
            String key = keys[random.nextInt(keys.length)];
            int at = message.indexOf(key);
            if (at >= 0) {
                int colon = message.indexOf(':', at);
                int end = valueEnd(message, colon + 1);
                message = message.substring(0, colon + 1) + replacements[random.nextInt(replacements.length)]
                        + message.substring(end);
            }
            if (random.nextBoolean()) {
                message = message.substring(0, random.nextInt(message.length()));
            }
            String m = message;
            assertThatCode(() -> {
                try {
                    for (ParsedItem item : parse(m)) {
                        if (item instanceof ParsedItem.Events events) {
                            events.events().forEach(SesParserTest::storable);
                        }
                        // The parser's last-resort catch must not be what answered: that would be a bug hidden.
                        if (item instanceof ParsedItem.Failed failed) {
                            assertThat(failed.error()).isNotEqualTo("the SES record could not be read");
                        }
                    }
                } catch (InvalidInputException allowed) {
                    // only for the envelope, never here: the Message text is always a valid envelope string
                    throw new AssertionError("envelope was valid", allowed);
                }
            }).as(m).doesNotThrowAnyException();
        }
        // text and numbers that cannot be stored
        assertThat(parse(record("Send", "\"send\": {\"x\": 1e999}")).getFirst())
                .isInstanceOfSatisfying(ParsedItem.Failed.class, f -> assertThat(f.field()).isEqualTo("Message.send.x"));
        assertThat(parse(record("Send", "\"send\": {\"x\": \"a\\u0000b\"}")).getFirst())
                .isInstanceOf(ParsedItem.Failed.class);
        // deep nesting inside Message
        assertThat(parse("{\"eventType\":" + "[".repeat(5000) + "]".repeat(5000) + "}").getFirst())
                .isInstanceOf(ParsedItem.Failed.class);
        // many recipients
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 3000; i++) {
            many.append(i == 0 ? "" : ",").append("\"u").append(i).append("@example.com\"");
        }
        String big = "{\"eventType\": \"Send\", " + mail(many.append("]").toString()) + "}";
        assertThat(events(big)).hasSize(SesMail.MAX_RECIPIENTS);
    }

    /** Where the JSON value starting at {@code from} ends (good enough for the fixture above). */
    private static int valueEnd(String s, int from) {
        int depth = 0;
        boolean string = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (string) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    string = false;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
            } else if (c == '"') {
                string = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return i;
                }
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return s.length();
    }

    @Test
    void signedEndToEnd() {
        SnsTestSigner signer = new SnsTestSigner();
        ObjectNode given = EventCodec.MAPPER.createObjectNode();
        given.putArray("topic_arns").add(SnsTestSigner.TOPIC);
        Source source = new Source("src_1", "default", "ses", provider.settings(given), Duration.ofMinutes(5), false, NOW);
        ObjectNode n = signer.sign(SnsTestSigner.notification(record("Delivery",
                "\"delivery\": {\"timestamp\": \"2026-11-22T10:00:05.000Z\", \"recipients\": [\"user@example.com\"]}") + "\n",
                null, "2026-11-22T10:29:59.000Z"));
        WebhookRequest request = WebhookRequest.of(Map.of("x-amz-sns-message-type", "Notification"), SnsTestSigner.bytes(n));
        provider.verifier(source, new ProviderContext(CLOCK, signer.http())).verify(request, NOW);
        List<ParsedItem> items = provider.parser(source).parse(request);
        ProviderEvent e = ((ParsedItem.Events) items.getFirst()).events().getFirst();
        Event event = EventAssembler.assemble("ses", e, e.emailId(), source.keepRaw(), NOW);
        assertThat(event.type()).isEqualTo(EventType.EMAIL_DELIVERED);
        JsonNode data = event.data();
        assertThat(data.path("email_id").asText()).isEqualTo(EMAIL_ID);
        assertThat(data.path("provider_message_id").asText()).isEqualTo("0100019a-test-message-id-000000");
        assertThat(data.has("raw")).isFalse();
    }
}
