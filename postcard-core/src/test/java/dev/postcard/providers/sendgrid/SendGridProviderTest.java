package dev.postcard.providers.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.EventCodec;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.Source;
import dev.postcard.providers.WebhookRejectedException;
import dev.postcard.providers.WebhookRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SendGridProviderTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:30:00Z");
    private static final byte[] BODY = "[{\"email\":\"a@example.com\",\"event\":\"delivered\",\"sg_message_id\":\"x.y\"}]\r\n"
            .getBytes(StandardCharsets.UTF_8);
    private final SendGridProvider provider = new SendGridProvider();
    private final KeyPair keys = keyPair("secp256r1");

    @Test
    void nameAndParserAreStable() {
        assertThat(provider.name()).isEqualTo("sendgrid");
        assertThat(provider.parser(null)).isSameAs(provider.parser(null));
    }

    @Test
    void settingsTakeBase64DerAndNormalisePem() {
        String der = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        assertThat(provider.settings(settings(der)).path("public_key").asText()).isEqualTo(der);
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        assertThat(provider.settings(settings(pem)).path("public_key").asText()).isEqualTo(der);
        assertThat(provider.settings(settings("  " + der + "\n")).path("public_key").asText()).isEqualTo(der);
    }

    @Test
    void settingsRefuseWhatIsNotAP256Key() {
        assertField(EventCodec.MAPPER.createObjectNode(), "public_key");
        assertField(settings(""), "public_key");
        assertField(settings("not base64 !!"), "public_key");
        assertField(settings("aGVsbG8="), "public_key");
        assertField(settings("-----BEGIN PUBLIC KEY-----\nMFkw"), "public_key");
        assertField(settings("-----BEGIN CERTIFICATE-----\nMFkw\n-----END CERTIFICATE-----"), "public_key");
        assertField(settings(Base64.getEncoder().encodeToString(keyPair("secp384r1").getPublic().getEncoded())),
                "public_key");
        assertField(settings(Base64.getEncoder().encodeToString(rsa().getPublic().getEncoded())), "public_key");
        ObjectNode number = EventCodec.MAPPER.createObjectNode().put("public_key", 42);
        assertField(number, "public_key");
        ObjectNode unknown = settings(Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
        unknown.put("secret", "x");
        assertField(unknown, "secret");
    }

    @Test
    void publicSettingsShowTheKeyWhichIsPublic() {
        ObjectNode stored = provider.settings(settings(Base64.getEncoder().encodeToString(keys.getPublic().getEncoded())));
        assertThat(provider.publicSettings(stored)).isEqualTo(stored);
    }

    @Test
    void verifierAcceptsAGoodSignatureAndNotTheSameRequestWithOneByteChanged() {
        RequestVerifier v = verifier(Duration.ofMinutes(5));
        WebhookRequest good = signed(BODY, "1795343400");
        byte[] changed = BODY.clone();
        changed[11] = 'b'; // a@example.com becomes b@example.com

        assertThatCode(() -> v.verify(good, Instant.ofEpochSecond(1795343400L))).doesNotThrowAnyException();
        assertThatThrownBy(() -> v.verify(WebhookRequest.of(headersOf(good), changed), Instant.ofEpochSecond(1795343400L)))
                .as("the signature of the original body over a changed one")
                .isInstanceOf(WebhookRejectedException.class);
    }

    @Test
    void verifierRejectsChangedBodiesTimestampsAndKeys() {
        RequestVerifier v = verifier(Duration.ZERO);
        WebhookRequest good = signed(BODY, "1795343400");
        Map<String, String> headers = headersOf(good);
        byte[] changed = BODY.clone();
        changed[3] = 'A';
        rejects(v, WebhookRequest.of(headers, changed));
        // The signed timestamp text is part of the message.
        Map<String, String> otherTime = new HashMap<>(headers);
        otherTime.put("X-Twilio-Email-Event-Webhook-Timestamp", "1795343401");
        rejects(v, WebhookRequest.of(otherTime, BODY));
        // Signed by another key.
        KeyPair other = keyPair("secp256r1");
        rejects(v, WebhookRequest.of(Map.of("X-Twilio-Email-Event-Webhook-Signature", sign(other, "1795343400", BODY),
                "X-Twilio-Email-Event-Webhook-Timestamp", "1795343400"), BODY));
    }

    @Test
    void verifierRejectsMissingAndMalformedHeaders() {
        RequestVerifier v = verifier(Duration.ZERO);
        String sig = sign(keys, "1795343400", BODY);
        rejects(v, WebhookRequest.of(Map.of(), BODY));
        rejects(v, WebhookRequest.of(Map.of("X-Twilio-Email-Event-Webhook-Signature", sig), BODY));
        rejects(v, WebhookRequest.of(Map.of("X-Twilio-Email-Event-Webhook-Timestamp", "1795343400"), BODY));
        rejects(v, WebhookRequest.of(Map.of("X-Twilio-Email-Event-Webhook-Signature", "%%%not base64",
                "X-Twilio-Email-Event-Webhook-Timestamp", "1795343400"), BODY));
        rejects(v, WebhookRequest.of(Map.of("X-Twilio-Email-Event-Webhook-Signature", "aGVsbG8=",
                "X-Twilio-Email-Event-Webhook-Timestamp", "1795343400"), BODY));
        rejects(v, WebhookRequest.of(Map.of("X-Twilio-Email-Event-Webhook-Signature", "A".repeat(5000),
                "X-Twilio-Email-Event-Webhook-Timestamp", "1795343400"), BODY));
        rejects(v, WebhookRequest.of(Map.of("X-Twilio-Email-Event-Webhook-Signature", sig,
                "X-Twilio-Email-Event-Webhook-Timestamp", "99999999999999999999999"), BODY));
        rejects(v, WebhookRequest.of(Map.of("X-Twilio-Email-Event-Webhook-Signature", sig,
                "X-Twilio-Email-Event-Webhook-Timestamp", "soon"), BODY));
    }

    @Test
    void verifierChecksTheTimestampAgainstTheTolerance() {
        RequestVerifier v = verifier(Duration.ofMinutes(5));
        String ts = Long.toString(NOW.getEpochSecond());
        assertThatCode(() -> v.verify(signed(BODY, ts), NOW.plusSeconds(300))).doesNotThrowAnyException();
        assertThatCode(() -> v.verify(signed(BODY, ts), NOW.minusSeconds(300))).doesNotThrowAnyException();
        assertThatThrownBy(() -> v.verify(signed(BODY, ts), NOW.plusSeconds(301)))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("tolerance");
        // Zero tolerance turns the check off.
        assertThatCode(() -> verifier(Duration.ZERO).verify(signed(BODY, ts), NOW.plus(Duration.ofDays(3000))))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectionMessagesDoNotCarrySignatures() {
        String sig = sign(keys, "1795343400", BODY);
        byte[] changed = "[]".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verifier(Duration.ZERO).verify(WebhookRequest.of(Map.of(
                "X-Twilio-Email-Event-Webhook-Signature", sig,
                "X-Twilio-Email-Event-Webhook-Timestamp", "1795343400"), changed), NOW))
                .isInstanceOf(WebhookRejectedException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(sig));
    }

    @Test
    void shortMessageIdIsThePartBeforeTheFirstDot() {
        assertThat(SendGridProvider.shortMessageId(" LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b.0"))
                .contains("LRzXl_NHStOGhQ4kofSm_A");
        assertThat(SendGridProvider.shortMessageId("nodots")).contains("nodots");
        assertThat(SendGridProvider.shortMessageId(".leading")).isEmpty();
        assertThat(SendGridProvider.shortMessageId(" ")).isEmpty();
        assertThat(SendGridProvider.shortMessageId(null)).isEmpty();
    }

    private RequestVerifier verifier(Duration tolerance) {
        ObjectNode stored = provider.settings(settings(Base64.getEncoder().encodeToString(keys.getPublic().getEncoded())));
        Source source = new Source("src_1", "default", "sendgrid", stored, tolerance, false, NOW);
        return provider.verifier(source, new ProviderContext(Clock.fixed(NOW, ZoneOffset.UTC), uri -> {
            throw new IOException("no network");
        }));
    }

    private WebhookRequest signed(byte[] body, String timestamp) {
        return WebhookRequest.of(Map.of("X-Twilio-Email-Event-Webhook-Signature", sign(keys, timestamp, body),
                "X-Twilio-Email-Event-Webhook-Timestamp", timestamp), body);
    }

    private static Map<String, String> headersOf(WebhookRequest request) {
        Map<String, String> out = new HashMap<>();
        request.headers().forEach((k, v) -> out.put(k, v.getFirst()));
        return out;
    }

    static String sign(KeyPair pair, String timestamp, byte[] body) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(pair.getPrivate());
            s.update(timestamp.getBytes(StandardCharsets.UTF_8));
            s.update(body);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void rejects(RequestVerifier v, WebhookRequest request) {
        assertThatThrownBy(() -> v.verify(request, NOW)).isInstanceOf(WebhookRejectedException.class);
    }

    private void assertField(ObjectNode given, String field) {
        assertThatThrownBy(() -> provider.settings(given)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
    }

    private static ObjectNode settings(String key) {
        return EventCodec.MAPPER.createObjectNode().put("public_key", key);
    }

    static KeyPair keyPair(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
