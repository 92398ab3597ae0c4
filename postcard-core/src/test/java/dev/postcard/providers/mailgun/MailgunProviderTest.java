package dev.postcard.providers.mailgun;

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
import dev.postcard.testing.MovableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class MailgunProviderTest {
    private static final String KEY = "key-0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-11-22T10:30:00Z");
    private final MailgunProvider provider = new MailgunProvider();
    private final AtomicReference<Instant> time = new AtomicReference<>(NOW);
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return time.get();
        }
    };

    @Test
    void settingsRequireASigningKey() {
        assertThat(provider.name()).isEqualTo("mailgun");
        assertThat(provider.settings(settings(KEY)).path("signing_key").asText()).isEqualTo(KEY);
        assertField(EventCodec.MAPPER.createObjectNode(), "signing_key");
        assertField(settings(""), "signing_key");
        assertField(settings("short"), "signing_key");
        assertField(settings("k".repeat(300)), "signing_key");
        assertField(EventCodec.MAPPER.createObjectNode().put("signing_key", 12345678), "signing_key");
        assertField(settings(KEY).put("api_key", "x"), "api_key");
    }

    @Test
    void publicSettingsHideTheKey() {
        ObjectNode shown = provider.publicSettings(provider.settings(settings(KEY)));
        assertThat(shown.toString()).doesNotContain(KEY);
        assertThat(shown.path("signing_key_set").asBoolean()).isTrue();
    }

    @Test
    void signIsHexHmacSha256OfTimestampAndToken() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal("1795343400tok".getBytes(StandardCharsets.UTF_8)));
        assertThat(MailgunProvider.sign(KEY, "1795343400", "tok")).isEqualTo(expected);
    }

    @Test
    void verifierAcceptsAGoodSignatureInEitherCase() {
        RequestVerifier v = verifier(Duration.ofMinutes(5));
        String ts = Long.toString(NOW.getEpochSecond());
        assertThatCode(() -> v.verify(body(ts, "tok-1", MailgunProvider.sign(KEY, ts, "tok-1")), NOW))
                .doesNotThrowAnyException();
        assertThatCode(() -> v.verify(body(ts, "tok-2", MailgunProvider.sign(KEY, ts, "tok-2").toUpperCase()), NOW))
                .doesNotThrowAnyException();
        // Either case of another key's signature, or of this key's over another token, is refused.
        rejects(v, body(ts, "tok-3", MailgunProvider.sign("key-other-000000", ts, "tok-3")));
        rejects(v, body(ts, "tok-3", MailgunProvider.sign("key-other-000000", ts, "tok-3").toUpperCase()));
        rejects(v, body(ts, "tok-3", MailgunProvider.sign(KEY, ts, "tok-2").toUpperCase()));
    }

    @Test
    void verifierRejectsWrongOrMissingSignatures() {
        RequestVerifier v = verifier(Duration.ZERO);
        String ts = "1795343400";
        String good = MailgunProvider.sign(KEY, ts, "tok");
        rejects(v, body(ts, "tok2", good));
        rejects(v, body("1795343401", "tok", good));
        rejects(v, body(ts, "tok", MailgunProvider.sign("key-other-000000", ts, "tok")));
        rejects(v, body(ts, "tok", ""));
        rejects(v, body(ts, "", good));
        rejects(v, body("", "tok", good));
        rejects(v, body(ts, "tok", good.substring(1)));
        rejects(v, request("{\"event-data\":{}}"));
        rejects(v, request("{\"signature\":\"x\"}"));
        // A body that is not JSON at all is malformed, not merely unsigned.
        assertThatThrownBy(() -> v.verify(request("not json"), MovableClock.START))
                .isInstanceOf(dev.postcard.InvalidInputException.class);
        assertThatThrownBy(() -> v.verify(request(""), MovableClock.START))
                .isInstanceOf(dev.postcard.InvalidInputException.class);
        rejects(v, request("[1]"));
        rejects(v, request("{\"signature\":{\"timestamp\":[],\"token\":{},\"signature\":1}}"));
        // A signed timestamp that is no number is refused even when it was signed.
        rejects(v, body("soon", "tok", MailgunProvider.sign(KEY, "soon", "tok")));
        rejects(v, body("1e400", "tok", MailgunProvider.sign(KEY, "1e400", "tok")));
    }

    @Test
    void rejectionsDoNotRevealTheExpectedSignature() {
        String ts = "1795343400";
        String good = MailgunProvider.sign(KEY, ts, "tok");
        assertThatThrownBy(() -> verifier(Duration.ZERO).verify(body(ts, "tok", "00"), NOW))
                .isInstanceOf(WebhookRejectedException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(good).doesNotContain(KEY));
    }

    @Test
    void verifierChecksTheTimestamp() {
        RequestVerifier v = verifier(Duration.ofMinutes(5));
        String ts = Long.toString(NOW.getEpochSecond());
        String sig = MailgunProvider.sign(KEY, ts, "tok");
        v.verify(body(ts, "tok", sig), NOW.plusSeconds(300));
        assertThatThrownBy(() -> v.verify(body(ts, "tok", sig), NOW.plusSeconds(301)))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> v.verify(body(ts, "tok", sig), NOW.minusSeconds(301)))
                .isInstanceOf(WebhookRejectedException.class);
    }

    @Test
    void aTokenIsRecordedOnlyWhenAcceptedAndThenRefusedAsAReplay() {
        RequestVerifier v = verifier(Duration.ofMinutes(5));
        String ts = Long.toString(NOW.getEpochSecond());
        WebhookRequest request = body(ts, "tok-replay", MailgunProvider.sign(KEY, ts, "tok-replay"));
        v.verify(request, NOW);
        // Not stored yet (say the database failed): Mailgun's retry of the same request must pass.
        v.verify(request, NOW);
        v.accepted(request);
        assertThatThrownBy(() -> v.verify(request, NOW.plusSeconds(1)))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("replay");
        // Another source does not share the cache.
        verifier(Duration.ofMinutes(5)).verify(request, NOW);
    }

    @Test
    void remembersTokensForAtLeastTenMinutesAndForgetsThemAfterwards() {
        // Tolerance zero: no timestamp check, but tokens are still remembered for ten minutes.
        MailgunProvider.Verifier v = (MailgunProvider.Verifier) verifier(Duration.ZERO);
        String ts = "1500000000";
        WebhookRequest request = body(ts, "tok-window", MailgunProvider.sign(KEY, ts, "tok-window"));
        v.accepted(request);
        assertThatThrownBy(() -> v.verify(request, NOW.plus(Duration.ofMinutes(9))))
                .isInstanceOf(WebhookRejectedException.class);
        v.verify(request, NOW.plus(Duration.ofMinutes(10)).plusSeconds(1));
        // Expired entries are dropped when new ones are recorded.
        time.set(NOW.plus(Duration.ofMinutes(11)));
        v.accepted(body(ts, "tok-other", MailgunProvider.sign(KEY, ts, "tok-other")));
        assertThat(v.remembered()).isEqualTo(1);

        // A tolerance longer than ten minutes keeps tokens for the tolerance.
        time.set(NOW);
        MailgunProvider.Verifier wide = (MailgunProvider.Verifier) verifier(Duration.ofMinutes(30));
        String now = Long.toString(NOW.getEpochSecond());
        WebhookRequest r = body(now, "tok-wide", MailgunProvider.sign(KEY, now, "tok-wide"));
        wide.accepted(r);
        assertThatThrownBy(() -> wide.verify(r, NOW.plus(Duration.ofMinutes(29))))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("replay");
    }

    @Test
    void theReplayCacheIsBounded() {
        MailgunProvider.Verifier v = (MailgunProvider.Verifier) verifier(Duration.ZERO);
        for (int i = 0; i < MailgunProvider.REPLAY_CACHE_SIZE + 10; i++) {
            v.accepted(request("{\"signature\":{\"timestamp\":\"1\",\"token\":\"t" + i + "\",\"signature\":\"s\"}}"));
        }
        assertThat(v.remembered()).isEqualTo(MailgunProvider.REPLAY_CACHE_SIZE);
    }

    private RequestVerifier verifier(Duration tolerance) {
        Source source = new Source("src_mg", "default", "mailgun", provider.settings(settings(KEY)), tolerance, false,
                NOW);
        return provider.verifier(source, new ProviderContext(clock, uri -> {
            throw new IOException("no network");
        }));
    }

    private static WebhookRequest body(String timestamp, String token, String signature) {
        ObjectNode body = EventCodec.MAPPER.createObjectNode();
        body.putObject("signature").put("timestamp", timestamp).put("token", token).put("signature", signature);
        body.putObject("event-data").put("event", "delivered").put("recipient", "a@example.com");
        return request(body.toString());
    }

    private static WebhookRequest request(String body) {
        return WebhookRequest.of(Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    private static void rejects(RequestVerifier v, WebhookRequest request) {
        assertThatThrownBy(() -> v.verify(request, NOW)).isInstanceOf(WebhookRejectedException.class);
    }

    private void assertField(ObjectNode given, String field) {
        assertThatThrownBy(() -> provider.settings(given)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
    }

    private static ObjectNode settings(String key) {
        return EventCodec.MAPPER.createObjectNode().put("signing_key", key);
    }
}
