package dev.postcard.providers.resend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.providers.EventAssembler;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ParserLimits;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.Source;
import dev.postcard.providers.WebhookRejectedException;
import dev.postcard.providers.WebhookRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResendProviderTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:30:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
    private static final String EMAIL_ID = "msg_01JDQ4YB2C3D4E5F6G7H8J9K0M";

    private final ResendProvider provider = new ResendProvider();

    // ---------------------------------------------------------------- settings

    @Nested
    class Settings {
        @Test
        void acceptsAWhsecSecretAndStoresIt() {
            ObjectNode stored = provider.settings(given("secret", "  " + SECRET + "\n"));
            assertThat(stored.path("secret").asText()).isEqualTo(SECRET);
            assertThat(provider.name()).isEqualTo("resend");
        }

        @Test
        void publicSettingsSayOnlyThatTheSecretIsSet() {
            ObjectNode shown = provider.publicSettings(provider.settings(given("secret", SECRET)));
            assertThat(shown.toString()).doesNotContain(SECRET).doesNotContain(SECRET.substring(6));
            assertThat(shown.path("secret_set").asBoolean()).isTrue();
            assertThat(shown.size()).isEqualTo(1);
        }

        @Test
        void secretIsRequired() {
            assertField(() -> provider.settings(EventCodec.MAPPER.createObjectNode()), "secret");
            assertField(() -> provider.settings(given("secret", "")), "secret");
            ObjectNode numeric = EventCodec.MAPPER.createObjectNode().put("secret", 42);
            assertField(() -> provider.settings(numeric), "secret");
        }

        @Test
        void unknownFieldsAreRefusedByName() {
            ObjectNode g = given("secret", SECRET);
            g.put("signing_key", "x");
            assertField(() -> provider.settings(g), "signing_key");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",           // base64 without the whsec_ prefix
                "whsec_not base64!",                          // does not decode
                "whsec_",                                     // empty key
                "whsec_c2hvcnQ=",                             // 5 bytes
                "whsec_MDEyMzQ1Njc4OWFiY2Rl",                 // 15 bytes
        })
        void unusableSecretsAreRefusedWithoutQuotingThem(String secret) {
            assertThatThrownBy(() -> provider.settings(given("secret", secret)))
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("secret"))
                    .satisfies(e -> {
                        if (secret.length() > 8) {
                            assertThat(e.getMessage()).doesNotContain(secret.substring(6));
                        }
                    });
        }

        @Test
        void sixteenByteKeyIsEnough() {
            String sixteen = "whsec_" + Base64.getEncoder().encodeToString(new byte[16]);
            assertThatCode(() -> provider.settings(given("secret", sixteen))).doesNotThrowAnyException();
        }
    }

    // ---------------------------------------------------------------- verification

    @Nested
    class Verification {
        private final String body = "{\"type\":\"email.delivered\",\"created_at\":\"2026-11-22T10:29:59Z\",\"data\":{}}";
        private final String id = "msg_2abcDEF";
        private final long ts = NOW.getEpochSecond() - 10;

        @Test
        void acceptsItsOwnSignature() {
            assertAccepted(SECRET, Duration.ofMinutes(5), signed(id, ts, body, sig(KEY, id, ts, body)));
            // The same signature over a body one character longer: the key and the body were used.
            assertRejected(SECRET, signed(id, ts, body + " ", sig(KEY, id, ts, body)), NOW);
        }

        @Test
        void acceptsAnyMatchingEntryAmongSeveral() {
            String others = "v1,AAAA v1a,xyz v2," + sig(KEY, id, ts, body).substring(3) + " v1,%%%notbase64";
            assertAccepted(SECRET, Duration.ofMinutes(5), signed(id, ts, body, others + " " + sig(KEY, id, ts, body)));
            assertRejected(SECRET, signed(id, ts, body, others), NOW);
        }

        @Test
        void rejectsAnotherKeysSignature() {
            byte[] other = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
            assertRejected(SECRET, signed(id, ts, body, sig(other, id, ts, body)), NOW);
        }

        @Test
        void rejectsAlteredBodyIdOrTimestamp() {
            String s = sig(KEY, id, ts, body);
            assertRejected(SECRET, signed(id, ts, body + " ", s), NOW);
            assertRejected(SECRET, signed(id + "x", ts, body, s), NOW);
            assertRejected(SECRET, signed(id, ts + 1, body, s), NOW);
        }

        @Test
        void rejectsAV2OnlyHeaderAndGarbage() {
            String s = sig(KEY, id, ts, body).substring(3);
            assertRejected(SECRET, signed(id, ts, body, "v2," + s), NOW);
            assertRejected(SECRET, signed(id, ts, body, s), NOW);
            assertRejected(SECRET, signed(id, ts, body, "v1,"), NOW);
            assertRejected(SECRET, signed(id, ts, body, "   "), NOW);
        }

        @Test
        void rejectsStaleAndFutureTimestamps() {
            long stale = NOW.getEpochSecond() - 301;
            assertRejected(SECRET, signed(id, stale, body, sig(KEY, id, stale, body)), NOW);
            long future = NOW.getEpochSecond() + 301;
            assertRejected(SECRET, signed(id, future, body, sig(KEY, id, future, body)), NOW);
        }

        @Test
        void zeroToleranceTurnsTheTimeCheckOff() {
            long old = NOW.getEpochSecond() - 86_400 * 30;
            WebhookRequest monthOld = signed(id, old, body, sig(KEY, id, old, body));
            assertAccepted(SECRET, Duration.ZERO, monthOld);
            // The same request under a tolerance: the time was read, and zero is what turned the check off.
            assertThatThrownBy(() -> verifier(SECRET, Duration.ofDays(1)).verify(monthOld, NOW))
                    .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("tolerance");
            // Still signed: off turns the time check off, not the signature check.
            assertThatThrownBy(() -> verifier(SECRET, Duration.ZERO).verify(signed(id, old, body + " ",
                    sig(KEY, id, old, body)), NOW)).isInstanceOf(WebhookRejectedException.class);
        }

        @Test
        void rejectsMissingOrMalformedHeaders() {
            String s = sig(KEY, id, ts, body);
            for (String drop : List.of("svix-id", "svix-timestamp", "svix-signature")) {
                Map<String, String> h = new HashMap<>(headers(id, Long.toString(ts), s));
                h.remove(drop);
                assertRejected(SECRET, WebhookRequest.of(h, body.getBytes(StandardCharsets.UTF_8)), NOW);
            }
            for (String bad : List.of("-5", "1.5", "abc", "99999999999999999999", "")) {
                assertRejected(SECRET, WebhookRequest.of(headers(id, bad, s), body.getBytes(StandardCharsets.UTF_8)), NOW);
            }
            assertRejected(SECRET, signed("x".repeat(300), ts, body, sig(KEY, "x".repeat(300), ts, body)), NOW);
        }

        @Test
        void messagesNeverQuoteTheSecretOrTheExpectedSignature() {
            String expected = sig(KEY, id, ts, body).substring(3);
            assertThatThrownBy(() -> verifier(SECRET, Duration.ofMinutes(5))
                    .verify(signed(id, ts, body + "x", "v1,AAAA"), NOW))
                    .isInstanceOf(WebhookRejectedException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(expected)
                            .doesNotContain(SECRET.substring(6)).doesNotContain(sig(KEY, id, ts, body + "x").substring(3)));
        }

        @Test
        void unbrandedHeaderNamesAreAccepted() {
            String s = sig(KEY, id, ts, body);
            Map<String, String> h = Map.of("Webhook-Id", id, "Webhook-Timestamp", Long.toString(ts), "Webhook-Signature", s);
            assertAccepted(SECRET, Duration.ofMinutes(5), WebhookRequest.of(h, body.getBytes(StandardCharsets.UTF_8)));
            assertRejected(SECRET, WebhookRequest.of(h, (body + " ").getBytes(StandardCharsets.UTF_8)), NOW);
        }

        private void assertAccepted(String secret, Duration tolerance, WebhookRequest request) {
            assertThatCode(() -> verifier(secret, tolerance).verify(request, NOW)).doesNotThrowAnyException();
        }

        private void assertRejected(String secret, WebhookRequest request, Instant now) {
            assertThatThrownBy(() -> verifier(secret, Duration.ofMinutes(5)).verify(request, now))
                    .isInstanceOf(WebhookRejectedException.class);
        }
    }

    // ---------------------------------------------------------------- parsing

    @Nested
    class Parsing {
        @ParameterizedTest
        @ValueSource(strings = {"email.sent", "email.delivered", "email.delivery_delayed", "email.complained",
                "email.opened"})
        void simpleTypes(String type) {
            ProviderEvent e = single(event(type, data()));
            assertThat(e.type().wireName()).isEqualTo(type);
            assertThat(e.recipient()).contains("to@example.org");
            assertThat(e.providerMessageId()).contains("4ef9a417-02e9-4d39-ad75-9611e0fcc33c");
            assertThat(e.providerEventId()).isEqualTo("msg_svix1");
            assertThat(e.occurredAt()).contains(Instant.parse("2026-11-22T10:29:00.123Z"));
        }

        @Test
        void sentCarriesTheTemplateId() {
            ObjectNode d = data().put("template_id", "tmpl-1");
            assertThat(single(event("email.sent", d)).fields().path("template_id").asText()).isEqualTo("tmpl-1");
        }

        @Test
        void clickedCarriesLinkIpAndAgent() {
            ObjectNode d = data();
            d.putObject("click").put("link", "https://example.com/a?b=1").put("ipAddress", "203.0.113.9")
                    .put("userAgent", "Mozilla/5.0").put("timestamp", "2026-11-22T10:29:01Z");
            ProviderEvent e = single(event("email.clicked", d));
            assertThat(e.type()).isEqualTo(EventType.EMAIL_CLICKED);
            assertThat(e.fields().path("url").asText()).isEqualTo("https://example.com/a?b=1");
            assertThat(e.fields().path("ip_address").asText()).isEqualTo("203.0.113.9");
            assertThat(e.fields().path("user_agent").asText()).isEqualTo("Mozilla/5.0");
        }

        @Test
        void clickWithoutAnHttpLinkKeepsNoUrl() {
            ObjectNode d = data();
            d.putObject("click").put("link", "javascript:alert(1)");
            ProviderEvent e = single(event("email.clicked", d));
            assertThat(e.fields().has("url")).isFalse();
        }

        @Test
        void openedReadsTheOpenObjectWhenPresent() {
            ObjectNode d = data();
            d.putObject("open").put("ipAddress", "198.51.100.1").put("userAgent", "Agent");
            ProviderEvent e = single(event("email.opened", d));
            assertThat(e.fields().path("ip_address").asText()).isEqualTo("198.51.100.1");
            assertThat(e.fields().path("user_agent").asText()).isEqualTo("Agent");
        }

        @Test
        void failedIsARejection() {
            ObjectNode d = data();
            d.putObject("failed").put("reason", "reached_daily_quota");
            ProviderEvent e = single(event("email.failed", d));
            assertThat(e.type()).isEqualTo(EventType.EMAIL_FAILED);
            assertThat(e.fields().path("reason").asText()).isEqualTo("rejected");
            assertThat(e.fields().path("error").asText()).isEqualTo("reached_daily_quota");
        }

        @Test
        void bounceClassifications() {
            assertBounce("Permanent", "General", "hard bounce, didn't specify", "hard", "undetermined");
            assertBounce("Permanent", "NoEmail", "x", "hard", "user_unknown");
            assertBounce("Permanent", "Suppressed", "on the suppression list", "hard", "suppressed_by_provider");
            assertBounce("Permanent", "General", "550 5.1.1 user unknown", "hard", "user_unknown");
            assertBounce("Transient", "MailboxFull", "inbox was full", "soft", "mailbox_full");
            assertBounce("Transient", "MessageTooLarge", "", "soft", "message_too_large");
            assertBounce("Transient", "ContentRejected", "", "soft", "content_rejected");
            assertBounce("Transient", "AttachmentRejected", "", "soft", "content_rejected");
            assertBounce("Transient", "General", "general bounce", "soft", "undetermined");
            assertBounce("Undetermined", "Undetermined", "", "undetermined", "undetermined");
            assertBounce(null, null, "The recipient's email provider sent a hard bounce message", "hard", "undetermined");
            assertBounce(null, null, null, "undetermined", "undetermined");
            assertBounce(null, null, "452 4.2.2 mailbox full", "soft", "mailbox_full");
        }

        @Test
        void bounceKeepsStatusCodeAndText() {
            ObjectNode d = data();
            d.putObject("bounce").put("type", "Permanent").put("subType", "General")
                    .put("message", "550 5.1.1 The email account that you tried to reach does not exist");
            ProviderEvent e = single(event("email.bounced", d));
            assertThat(e.fields().path("status_code").asText()).isEqualTo("5.1.1");
            assertThat(e.fields().path("reason").asText()).startsWith("550 5.1.1");
        }

        @Test
        void accountSuppressionIsADropNotABounce() {
            ObjectNode d = data();
            d.putObject("bounce").put("type", "Permanent").put("subType", "OnAccountSuppressionList");
            ProviderEvent e = single(event("email.bounced", d));
            assertThat(e.type()).isEqualTo(EventType.EMAIL_DROPPED);
            assertThat(e.fields().path("reason").asText()).isEqualTo("suppressed");
        }

        @ParameterizedTest
        @ValueSource(strings = {"email.scheduled", "email.received", "contact.created", "contact.updated",
                "contact.deleted", "domain.created", "domain.updated", "domain.deleted", "suppression.added",
                "email.something_new"})
        void nonMessageEventsAreIgnored(String type) {
            List<ParsedItem> items = parse(event(type, data()));
            assertThat(items).singleElement().isInstanceOf(ParsedItem.Ignored.class);
            assertThat(((ParsedItem.Ignored) items.getFirst()).reason()).doesNotStartWith("resubscribed");
        }

        @Test
        void oneEventPerRecipientWithDisplayNamesStripped() {
            ObjectNode d = data();
            d.putArray("to").add("Someone <A@Example.org>").add("b@example.org").add("B@example.org");
            List<ProviderEvent> events = events(parse(event("email.delivered", d)));
            assertThat(events).extracting(e -> e.recipient().orElseThrow())
                    .containsExactly("A@Example.org", "b@example.org");
            assertThat(events).allSatisfy(e -> assertThat(e.providerEventId()).isEqualTo("msg_svix1"));
        }

        @Test
        void toMayBeOneStringOrMissing() {
            ObjectNode d = data().put("to", "x@example.org");
            assertThat(single(event("email.delivered", d)).recipient()).contains("x@example.org");
            ObjectNode none = data();
            none.remove("to");
            assertThat(single(event("email.delivered", none)).recipient()).isEmpty();
        }

        @Test
        void tagsAreMetadataAndCarryTheEmailId() {
            ObjectNode d = data();
            d.putObject("tags").put("postcard_email_id", EMAIL_ID).put("category", "welcome");
            ProviderEvent e = single(event("email.delivered", d));
            assertThat(e.emailId()).contains(EMAIL_ID);
            assertThat(e.metadata().path("category").asText()).isEqualTo("welcome");
            assertThat(e.tags()).isEmpty();
        }

        @Test
        void tagsAsAnArrayOfNameValuePairs() {
            ObjectNode d = data();
            ArrayNode tags = d.putArray("tags");
            tags.addObject().put("name", "postcard_email_id").put("value", EMAIL_ID);
            tags.addObject().put("name", "plan").put("value", "pro");
            tags.addObject().put("value", "nameless");
            tags.add("junk");
            ProviderEvent e = single(event("email.delivered", d));
            assertThat(e.emailId()).contains(EMAIL_ID);
            assertThat(e.metadata().path("plan").asText()).isEqualTo("pro");
            assertThat(e.metadata().size()).isEqualTo(2);
        }

        @Test
        void emailIdFromEchoedHeaderArrayOrObject() {
            ObjectNode d = data();
            d.putArray("headers").addObject().put("name", "x-postcard-email-id").put("value", " " + EMAIL_ID + " ");
            assertThat(single(event("email.sent", d)).emailId()).contains(EMAIL_ID);
            ObjectNode d2 = data();
            d2.putObject("headers").put("X-Postcard-Email-Id", EMAIL_ID);
            assertThat(single(event("email.sent", d2)).emailId()).contains(EMAIL_ID);
            ObjectNode d3 = data();
            d3.putObject("headers").put("X-Other", EMAIL_ID);
            assertThat(single(event("email.sent", d3)).emailId()).isEmpty();
        }

        @Test
        void withoutSvixIdTheContentHashIsTheEventId() {
            byte[] body = event("email.delivered", data()).toString().getBytes(StandardCharsets.UTF_8);
            List<ParsedItem> items = provider.parser(source(Duration.ofMinutes(5))).parse(WebhookRequest.of(Map.of(), body));
            ProviderEvent e = events(items).getFirst();
            assertThat(e.providerEventId()).startsWith("sha256:");
            List<ParsedItem> again = provider.parser(source(Duration.ofMinutes(5))).parse(WebhookRequest.of(Map.of(), body));
            assertThat(events(again).getFirst().providerEventId()).isEqualTo(e.providerEventId());
        }
    }

    // ---------------------------------------------------------------- hostile input

    @Nested
    class Hostile {
        @ParameterizedTest
        @ValueSource(strings = {"", "not json", "{\"type\":", "[]", "[{\"type\":\"email.sent\"}]", "\"email.sent\"",
                "42", "null", "{\"type\":\"email.sent\"} {}", "{\"a\":1,\"a\":2}"})
        void malformedBodiesAreInvalidInput(String body) {
            assertThatThrownBy(() -> parseRaw(body.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("body"));
        }

        @Test
        void unstorableTextIsInvalidInputNamingWhere() {
            String body = "{\"type\":\"email.sent\",\"data\":{\"subject\":\"a\\u0000b\"}}";
            assertThatThrownBy(() -> parseRaw(body.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("data.subject"));
        }

        @Test
        void deepNestingIsInvalidInput() {
            String deep = "{\"type\":\"email.sent\",\"data\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
            assertThatThrownBy(() -> parseRaw(deep.getBytes(StandardCharsets.UTF_8))).isInstanceOf(InvalidInputException.class);
        }

        @Test
        void wrongTypesBecomeFailedItemsNamingTheField() {
            assertFailed("{\"type\":5,\"data\":{}}", "type");
            assertFailed("{\"data\":{}}", "type");
            assertFailed("{\"type\":\"email.sent\",\"data\":\"x\"}", "data");
            assertFailed("{\"type\":\"email.sent\"}", "data");
            assertFailed("{\"type\":\"email.sent\",\"data\":{\"to\":5}}", "data.to");
            assertFailed("{\"type\":\"email.sent\",\"data\":{\"to\":[\"ok@example.org\",{}]}}", "data.to[1]");
            assertFailed("{\"type\":\"email.sent\",\"data\":{\"to\":[\"not an address\"]}}", "data.to[0]");
            assertFailed("{\"type\":\"email.sent\",\"created_at\":\"yesterday\",\"data\":{}}", "created_at");
            assertFailed("{\"type\":\"email.sent\",\"created_at\":12,\"data\":{}}", "created_at");
        }

        @Test
        void oddButHarmlessShapesStillParse() {
            String body = "{\"type\":\"email.bounced\",\"created_at\":null,\"data\":{\"to\":[\"a@example.org\"],"
                    + "\"email_id\":{\"x\":1},\"tags\":\"x\",\"headers\":7,\"bounce\":[1,2],\"click\":\"x\"}}";
            ProviderEvent e = events(parseRaw(body.getBytes(StandardCharsets.UTF_8))).getFirst();
            assertThat(e.providerMessageId()).isEmpty();
            assertStorable(e);
        }

        @Test
        void hugeStringsAreClippedAndStorable() {
            ObjectNode d = data();
            String huge = "x".repeat(200_000);
            d.put("email_id", huge).put("template_id", huge);
            d.putObject("bounce").put("type", "Transient").put("message", huge);
            d.putObject("tags").put("k", huge).put("y".repeat(20_000), "v");
            // The field of each type that carries one of the huge texts: clipped, not dropped.
            Map<String, String> textField = Map.of("email.bounced", "reason", "email.sent", "template_id",
                    "email.clicked", "user_agent", "email.failed", "error");
            for (String type : List.of("email.bounced", "email.sent", "email.clicked", "email.failed")) {
                ObjectNode dd = d.deepCopy();
                dd.putObject("click").put("link", "https://e.example/" + huge).put("userAgent", huge);
                dd.putObject("failed").put("reason", huge);
                List<ProviderEvent> events = events(parse(event(type, dd)));
                assertThat(events).as("events of one %s to one recipient", type).hasSize(1);
                ProviderEvent e = events.getFirst();
                assertStorable(e);
                ParserLimits.assertWithinLimits(type, e);
                assertThat(e.fields().path(textField.get(type)).asText()).as(type).hasSize(ParserLimits.TEXT);
                assertThat(e.providerMessageId().orElseThrow()).as(type).hasSize(ParserLimits.TEXT);
                assertThat(e.metadata().path("k").asText()).as(type).hasSize(ParserLimits.METADATA_VALUE);
                assertThat(e.metadata().path("y".repeat(ParserLimits.METADATA_KEY)).asText()).as(type).isEqualTo("v");
            }
            String longTo = "{\"type\":\"email.sent\",\"data\":{\"to\":[\"" + "a".repeat(400) + "@example.org\"]}}";
            assertFailedRaw(longTo, "data.to[0]");
        }

        @Test
        void randomMutationsNeverThrowAnythingElse() {
            Random random = new Random(7);
            List<JsonNode> odd = List.of(EventCodec.MAPPER.nullNode(), EventCodec.MAPPER.getNodeFactory().numberNode(1e300),
                    EventCodec.MAPPER.getNodeFactory().textNode(""), EventCodec.MAPPER.getNodeFactory().textNode("x@y"),
                    EventCodec.MAPPER.getNodeFactory().booleanNode(true), EventCodec.MAPPER.createArrayNode(),
                    EventCodec.MAPPER.createObjectNode(), EventCodec.MAPPER.getNodeFactory().numberNode(-1),
                    EventCodec.MAPPER.getNodeFactory().textNode("0001-01-01T00:00:00Z"),
                    EventCodec.MAPPER.getNodeFactory().textNode("9999-12-31T23:59:59.999999Z"));
            List<String> types = List.of("email.sent", "email.delivered", "email.bounced", "email.clicked",
                    "email.opened", "email.failed", "email.complained", "email.delivery_delayed");
            int parsed = 0;
            int refused = 0;
            for (int i = 0; i < 3000; i++) {
                ObjectNode d = data();
                d.putObject("bounce").put("type", "Permanent").put("message", "m");
                d.putObject("click").put("link", "https://x.example");
                d.putArray("headers").addObject().put("name", "X-Postcard-Email-Id").put("value", EMAIL_ID);
                ObjectNode body = event(types.get(random.nextInt(types.size())), d);
                List<String> paths = List.of("/type", "/created_at", "/data", "/data/to", "/data/email_id", "/data/tags",
                        "/data/headers", "/data/bounce", "/data/bounce/type", "/data/bounce/message", "/data/click",
                        "/data/click/link", "/data/headers/0", "/data/headers/0/value", "/data/to/0", "/data/template_id");
                for (int m = 0; m < 1 + random.nextInt(3); m++) {
                    set(body, paths.get(random.nextInt(paths.size())), odd.get(random.nextInt(odd.size())));
                }
                List<ParsedItem> items;
                try {
                    items = parseRaw(body.toString().getBytes(StandardCharsets.UTF_8));
                } catch (InvalidInputException expected) {
                    refused++;
                    continue;
                }
                parsed++;
                assertThat(items).hasSize(1);
                // The parser's last-resort catch must not be what answered: that would be a bug hidden.
                if (items.getFirst() instanceof ParsedItem.Failed f) {
                    assertThat(f.error()).as(body.toString()).doesNotStartWith("unreadable");
                }
                events(items).forEach(ResendProviderTest::assertStorable);
            }
            // The body stays one JSON object whatever the mutations, so none may be refused as a whole.
            assertThat(parsed).as("mutated bodies parsed (%d refused as a body)", refused).isEqualTo(3000);
        }

        private void assertFailed(String body, String field) {
            assertFailedRaw(body, field);
        }

        private void assertFailedRaw(String body, String field) {
            List<ParsedItem> items = parseRaw(body.getBytes(StandardCharsets.UTF_8));
            assertThat(items).singleElement().isInstanceOf(ParsedItem.Failed.class);
            assertThat(((ParsedItem.Failed) items.getFirst()).field()).isEqualTo(field);
        }
    }

    // ---------------------------------------------------------------- helpers

    private void assertBounce(String type, String subType, String message, String bounceType, String reason) {
        ObjectNode d = data();
        ObjectNode b = d.putObject("bounce");
        if (type != null) {
            b.put("type", type);
        }
        if (subType != null) {
            b.put("subType", subType);
        }
        if (message != null) {
            b.put("message", message);
        }
        ProviderEvent e = single(event("email.bounced", d));
        assertThat(e.type()).as("%s/%s", type, subType).isEqualTo(EventType.EMAIL_BOUNCED);
        assertThat(e.fields().path("bounce_type").asText()).as("%s/%s %s", type, subType, message).isEqualTo(bounceType);
        assertThat(e.fields().path("bounce_reason").asText()).as("%s/%s %s", type, subType, message).isEqualTo(reason);
    }

    private static void set(ObjectNode root, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent.isObject()) {
            ((ObjectNode) parent).set(last, value);
        } else if (parent.isArray() && last.matches("\\d+") && Integer.parseInt(last) < parent.size()) {
            ((ArrayNode) parent).set(Integer.parseInt(last), value);
        }
    }

    private static ObjectNode given(String field, String value) {
        return EventCodec.MAPPER.createObjectNode().put(field, value);
    }

    private static void assertField(Runnable r, String field) {
        assertThatThrownBy(r::run).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
    }

    static ObjectNode data() {
        ObjectNode d = EventCodec.MAPPER.createObjectNode();
        d.put("email_id", "4ef9a417-02e9-4d39-ad75-9611e0fcc33c").put("from", "Acme <app@example.com>")
                .put("subject", "Hi").put("created_at", "2026-11-22T10:28:00Z");
        d.putArray("to").add("to@example.org");
        return d;
    }

    static ObjectNode event(String type, ObjectNode data) {
        ObjectNode e = EventCodec.MAPPER.createObjectNode();
        e.put("type", type).put("created_at", "2026-11-22T10:29:00.123Z");
        e.set("data", data);
        return e;
    }

    private List<ParsedItem> parse(ObjectNode body) {
        return parseRaw(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private List<ParsedItem> parseRaw(byte[] body) {
        return provider.parser(source(Duration.ofMinutes(5))).parse(WebhookRequest.of(Map.of("svix-id", "msg_svix1"), body));
    }

    private ProviderEvent single(ObjectNode body) {
        List<ProviderEvent> events = events(parse(body));
        assertThat(events).hasSize(1);
        assertStorable(events.getFirst());
        return events.getFirst();
    }

    private static List<ProviderEvent> events(List<ParsedItem> items) {
        List<ProviderEvent> out = new ArrayList<>();
        for (ParsedItem item : items) {
            assertThat(item.index()).isZero();
            if (item instanceof ParsedItem.Events ev) {
                out.addAll(ev.events());
            }
        }
        return out;
    }

    static void assertStorable(ProviderEvent e) {
        assertThatCode(() -> EventAssembler.assemble("resend", e, e.emailId(), true, NOW))
                .as("%s", e).doesNotThrowAnyException();
    }

    private Source source(Duration tolerance) {
        return new Source("src_resend", "default", "resend", provider.settings(given("secret", SECRET)), tolerance,
                false, NOW);
    }

    private RequestVerifier verifier(String secret, Duration tolerance) {
        Source source = new Source("src_resend", "default", "resend", provider.settings(given("secret", secret)),
                tolerance, false, NOW);
        return provider.verifier(source, new ProviderContext(CLOCK, uri -> {
            throw new IOException("no fetching");
        }));
    }

    /** An independent signer: {@code v1,} + base64 HMAC-SHA256 over {@code id.ts.body}. */
    private static String sig(byte[] key, String id, long ts, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return "v1," + Base64.getEncoder().encodeToString(
                    mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> headers(String id, String ts, String signature) {
        return Map.of("svix-id", id, "svix-timestamp", ts, "svix-signature", signature);
    }

    private static WebhookRequest signed(String id, long ts, String body, String signature) {
        return WebhookRequest.of(headers(id, Long.toString(ts), signature), body.getBytes(StandardCharsets.UTF_8));
    }
}
