package dev.postcard.providers.custom;

import static dev.postcard.providers.custom.CustomTesting.NOW;
import static dev.postcard.providers.custom.CustomTesting.assembleAll;
import static dev.postcard.providers.custom.CustomTesting.json;
import static dev.postcard.providers.custom.CustomTesting.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.Event;
import dev.postcard.event.EventType;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.Source;
import dev.postcard.providers.WebhookRejectedException;
import dev.postcard.providers.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CustomProviderTest {
    static final String SECRET = "acme-webhook-secret-0123456789";
    static final String SETTINGS = """
            {"name": "acme-mail",
             "mapping": {"events": "/events", "type": "/event",
                         "types": {"delivered": "email.delivered", "bounce": "bounced", "open": "opened"},
                         "recipient": "/recipient", "timestamp": "/occurred_at", "provider_message_id": "/message_id",
                         "event_id": "/id", "metadata": "/metadata",
                         "fields": {"smtp_response": "/smtp", "bounce_type": "/bounce_class"},
                         "bounce_types": {"permanent": "hard", "temporary": "soft"}},
             "verification": {"hmac": {"header": "X-Acme-Signature", "secret": "%s", "prefix": "sha256="}}}
            """.formatted(SECRET);

    final CustomProvider provider = new CustomProvider();
    final ProviderContext context = new ProviderContext(CustomTesting.CLOCK, url -> {
        throw new AssertionError("no fetches");
    });

    Source stored(String id) {
        return source(id, provider.settings(json(SETTINGS)), Duration.ofMinutes(5));
    }

    InvalidInputException refused(String settings) {
        try {
            provider.settings(json(settings));
        } catch (InvalidInputException e) {
            return e;
        }
        throw new AssertionError("accepted: " + settings);
    }

    @Test
    void settingsAreStoredNormalised() {
        ObjectNode stored = provider.settings(json(SETTINGS));
        assertThat(stored.path("name").asText()).isEqualTo("acme-mail");
        assertThat(stored.path("mapping").path("types").path("bounce").asText()).isEqualTo("email.bounced");
        assertThat(stored.path("mapping").path("timestamp_format").asText()).isEqualTo("iso8601");
        assertThat(stored.path("verification").path("hmac").path("algorithm").asText()).isEqualTo("sha256");
        // Stored settings are valid settings again.
        assertThat(provider.settings(stored.deepCopy())).isEqualTo(stored);
    }

    @Test
    void publicSettingsShowNameMappingAndMethodButNoSecret() {
        ObjectNode shown = provider.publicSettings(provider.settings(json(SETTINGS)));
        assertThat(shown.path("name").asText()).isEqualTo("acme-mail");
        assertThat(shown.path("mapping").path("type").asText()).isEqualTo("/event");
        assertThat(shown.path("verification").path("method").asText()).isEqualTo("hmac");
        assertThat(shown.toString()).doesNotContain(SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Acme", "-acme", "acme mail", "a.b", "sendgrid", "custom", "ses",
            "abcdefghijabcdefghijabcdefghijabcdefghijx"})
    void badNamesAreRefused(String name) {
        ObjectNode settings = json(SETTINGS);
        settings.put("name", name);
        assertThat(refused(settings.toString()).field()).isEqualTo("name");
    }

    @Test
    void settingsErrorsNameTheField() {
        ObjectNode noName = json(SETTINGS);
        noName.remove("name");
        assertThat(refused(noName.toString()).field()).isEqualTo("name");
        ObjectNode numericName = json(SETTINGS);
        numericName.put("name", 5);
        assertThat(refused(numericName.toString()).field()).isEqualTo("name");
        ObjectNode noMapping = json(SETTINGS);
        noMapping.remove("mapping");
        assertThat(refused(noMapping.toString()).field()).isEqualTo("mapping");
        ObjectNode badMapping = json(SETTINGS);
        ((ObjectNode) badMapping.get("mapping")).put("type", "event");
        assertThat(refused(badMapping.toString()).field()).isEqualTo("mapping.type");
        ObjectNode noVerification = json(SETTINGS);
        noVerification.remove("verification");
        assertThat(refused(noVerification.toString()).field()).isEqualTo("verification");
        ObjectNode extra = json(SETTINGS);
        extra.put("colour", "blue");
        assertThat(refused(extra.toString()).field()).isEqualTo("colour");
    }

    @Test
    void eventsCarryTheConfiguredName() throws Exception {
        Source source = stored("src_01");
        assertThat(provider.name()).isEqualTo("custom");
        assertThat(provider.eventProvider(source)).isEqualTo("acme-mail");
        byte[] body = """
                {"events": [
                  {"id": "e1", "event": "delivered", "recipient": "ann@example.com", "occurred_at": "2026-11-22T09:59:00Z",
                   "message_id": "acme-42", "smtp": "250 OK", "metadata": {"postcard_email_id": "msg_01JDQ4YB2C3D4E5F6G7H8J9K0M"}},
                  {"id": "e2", "event": "bounce", "recipient": "bob@example.com", "bounce_class": "permanent",
                   "smtp": "550 5.1.1 no such user"},
                  {"id": "e3", "event": "spam_check"}
                ]}""".getBytes(StandardCharsets.UTF_8);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        WebhookRequest request = WebhookRequest.of(
                Map.of("X-Acme-Signature", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body))), body);
        assertThatCode(() -> provider.verifier(source, context).verify(request, NOW)).doesNotThrowAnyException();
        List<ParsedItem> items = provider.parser(source).parse(request);
        List<Event> events = assembleAll(provider.eventProvider(source), items);
        assertThat(events).extracting(Event::type).containsExactly(EventType.EMAIL_DELIVERED, EventType.EMAIL_BOUNCED);
        assertThat(events).allSatisfy(e -> assertThat(e.data().path("provider").asText()).isEqualTo("acme-mail"));
        assertThat(events.get(0).emailId()).contains("msg_01JDQ4YB2C3D4E5F6G7H8J9K0M");
        assertThat(events.get(1).data().path("bounce_type").asText()).isEqualTo("hard");
        assertThat(events.get(1).data().path("bounce_reason").asText()).isEqualTo("user_unknown");
        assertThat(items.get(2)).isInstanceOf(ParsedItem.Ignored.class);

        WebhookRequest forged = WebhookRequest.of(Map.of("X-Acme-Signature", "sha256=" + "00".repeat(32)), body);
        assertThatThrownBy(() -> provider.verifier(source, context).verify(forged, NOW))
                .isInstanceOf(WebhookRejectedException.class);
    }

    @Test
    void parsersAreCachedPerSource() {
        Source a = stored("src_a");
        Source b = stored("src_b");
        ProviderParser first = provider.parser(a);
        assertThat(provider.parser(a)).isSameAs(first);
        assertThat(provider.parser(b)).isNotSameAs(first);
        ObjectNode changed = a.settings().deepCopy();
        ((ObjectNode) changed.get("mapping")).put("recipient", "/to");
        Source a2 = source("src_a", changed, Duration.ofMinutes(5));
        assertThat(provider.parser(a2)).isNotSameAs(first);
        assertThat(((MappingParser) provider.parser(a2)).spec().recipient()).contains("/to");
    }

    @Test
    void registeredParsersAreVerifiedLikeCustomSources() {
        ProviderParser java = request -> List.of(ParsedItem.Events.of(0,
                ProviderEvent.builder(EventType.EMAIL_SENT).recipient("a@example.com").build()));
        RegisteredProvider registered = new RegisteredProvider("inhouse", java);
        assertThat(registered.name()).isEqualTo("inhouse");
        ObjectNode stored = registered.settings(json("{\"verification\": {\"token\": \"tok-0123456789\"}}"));
        assertThat(stored.path("verification").path("token").asText()).isEqualTo("tok-0123456789");
        assertThat(registered.publicSettings(stored).toString()).doesNotContain("tok-0123456789").contains("token");
        Source source = new Source("src_r", "default", "inhouse", stored, Duration.ofMinutes(5), false, NOW);
        assertThat(registered.parser(source)).isSameAs(java);
        assertThat(registered.eventProvider(source)).isEqualTo("inhouse");
        WebhookRequest ok = WebhookRequest.of(Map.of("Authorization", "Bearer tok-0123456789"), new byte[] {'{', '}'});
        assertThatCode(() -> registered.verifier(source, context).verify(ok, NOW)).doesNotThrowAnyException();
        WebhookRequest bad = WebhookRequest.of(Map.of("Authorization", "Bearer nope-nope-nope"), new byte[] {'{', '}'});
        assertThatThrownBy(() -> registered.verifier(source, context).verify(bad, NOW))
                .isInstanceOf(WebhookRejectedException.class);

        assertThat(assertThrowsInvalid(() -> registered.settings(json("{}"))).field()).isEqualTo("verification");
        assertThat(assertThrowsInvalid(() -> registered.settings(json("{\"verification\": {\"token\": \"tok-0123456789\"},"
                + " \"mapping\": {}}"))).field()).isEqualTo("mapping");
        assertThatThrownBy(() -> new RegisteredProvider("sendgrid", java)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RegisteredProvider("Bad Name", java)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RegisteredProvider("ok", null)).isInstanceOf(NullPointerException.class);
    }

    static InvalidInputException assertThrowsInvalid(Runnable r) {
        try {
            r.run();
        } catch (InvalidInputException e) {
            return e;
        }
        throw new AssertionError("accepted");
    }
}
