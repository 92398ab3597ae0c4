package dev.postcard.providers.custom;

import static dev.postcard.providers.custom.CustomTesting.NOW;
import static dev.postcard.providers.custom.CustomTesting.json;
import static dev.postcard.providers.custom.CustomTesting.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.EventCodec;
import dev.postcard.providers.RequestVerifier;
import dev.postcard.providers.WebhookRejectedException;
import dev.postcard.providers.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CustomVerificationTest {
    static final String SECRET = "acme-webhook-secret-0123456789";
    static final byte[] BODY = "{\"event\": \"delivered\", \"rcpt\": \"a@example.com\"}".getBytes(StandardCharsets.UTF_8);

    static byte[] mac(String algorithm, String secret, byte[] data) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
        return mac.doFinal(data);
    }

    static byte[] concat(String prefix, byte[] body) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[p.length + body.length];
        System.arraycopy(p, 0, out, 0, p.length);
        System.arraycopy(body, 0, out, p.length, body.length);
        return out;
    }

    static RequestVerifier verifier(String verification, Duration tolerance) {
        ObjectNode given = json("{\"verification\": " + verification + "}");
        ObjectNode stored = EventCodec.MAPPER.createObjectNode();
        stored.set("verification", CustomVerification.settings(given));
        return CustomVerification.verifier(source("src_1", stored, tolerance));
    }

    static RequestVerifier verifier(String verification) {
        return verifier(verification, Duration.ofMinutes(5));
    }

    static WebhookRequest request(Map<String, String> headers, byte[] body) {
        return WebhookRequest.of(headers, body);
    }

    static InvalidInputException refused(String verification) {
        try {
            CustomVerification.settings(json("{\"verification\": " + verification + "}"));
        } catch (InvalidInputException e) {
            return e;
        }
        throw new AssertionError("accepted: " + verification);
    }

    @Test
    void hmacSha256HexIsTheDefault() throws Exception {
        RequestVerifier v = verifier("{\"hmac\": {\"header\": \"X-Signature\", \"secret\": \"" + SECRET + "\"}}");
        String hex = HexFormat.of().formatHex(mac("HmacSHA256", SECRET, BODY));
        assertThatCode(() -> v.verify(request(Map.of("X-Signature", hex), BODY), NOW)).doesNotThrowAnyException();
        // Hex is compared as bytes: upper case is the same signature; header names are case-insensitive.
        assertThatCode(() -> v.verify(request(Map.of("x-signature", hex.toUpperCase()), BODY), NOW))
                .doesNotThrowAnyException();
    }

    @Test
    void aWrongSignatureOrBodyIsRejectedWithoutTellingTheExpectedOne() throws Exception {
        RequestVerifier v = verifier("{\"hmac\": {\"header\": \"X-Signature\", \"secret\": \"" + SECRET + "\"}}");
        String good = HexFormat.of().formatHex(mac("HmacSHA256", SECRET, BODY));
        String wrongKey = HexFormat.of().formatHex(mac("HmacSHA256", SECRET + "x", BODY));
        byte[] tampered = BODY.clone();
        tampered[3] ^= 1;
        for (WebhookRequest r : new WebhookRequest[] {
                request(Map.of("X-Signature", wrongKey), BODY),
                request(Map.of("X-Signature", good), tampered),
                request(Map.of("X-Signature", good.substring(0, 62)), BODY),
                request(Map.of("X-Signature", "zz" + good.substring(2)), BODY),
                request(Map.of("X-Signature", ""), BODY),
                request(Map.of(), BODY)}) {
            assertThatThrownBy(() -> v.verify(r, NOW)).isInstanceOf(WebhookRejectedException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(good).doesNotContain(SECRET));
        }
    }

    @Test
    void aPrefixIsStripped() throws Exception {
        RequestVerifier v = verifier("{\"hmac\": {\"header\": \"X-Hub-Signature-256\", \"secret\": \"" + SECRET
                + "\", \"prefix\": \"sha256=\"}}");
        String hex = HexFormat.of().formatHex(mac("HmacSHA256", SECRET, BODY));
        assertThatCode(() -> v.verify(request(Map.of("X-Hub-Signature-256", "sha256=" + hex), BODY), NOW))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> v.verify(request(Map.of("X-Hub-Signature-256", "sha1=" + hex), BODY), NOW))
                .isInstanceOf(WebhookRejectedException.class);
    }

    @Test
    void base64AndOtherAlgorithms() throws Exception {
        RequestVerifier sha512 = verifier("{\"hmac\": {\"header\": \"X-Sig\", \"secret\": \"" + SECRET
                + "\", \"algorithm\": \"sha512\", \"encoding\": \"base64\"}}");
        String b64 = Base64.getEncoder().encodeToString(mac("HmacSHA512", SECRET, BODY));
        assertThatCode(() -> sha512.verify(request(Map.of("X-Sig", b64), BODY), NOW)).doesNotThrowAnyException();
        String url = Base64.getUrlEncoder().withoutPadding().encodeToString(mac("HmacSHA512", SECRET, BODY));
        assertThatCode(() -> sha512.verify(request(Map.of("X-Sig", url), BODY), NOW)).doesNotThrowAnyException();
        String sha256 = Base64.getEncoder().encodeToString(mac("HmacSHA256", SECRET, BODY));
        assertThatThrownBy(() -> sha512.verify(request(Map.of("X-Sig", sha256), BODY), NOW))
                .isInstanceOf(WebhookRejectedException.class);
        assertThatThrownBy(() -> sha512.verify(request(Map.of("X-Sig", "not base64 !!"), BODY), NOW))
                .isInstanceOf(WebhookRejectedException.class);

        RequestVerifier sha1 = verifier("{\"hmac\": {\"header\": \"X-Sig\", \"secret\": \"" + SECRET
                + "\", \"algorithm\": \"SHA1\"}}");
        String hex1 = HexFormat.of().formatHex(mac("HmacSHA1", SECRET, BODY));
        assertThatCode(() -> sha1.verify(request(Map.of("X-Sig", hex1), BODY), NOW)).doesNotThrowAnyException();
    }

    @Test
    void aTimestampHeaderIsSignedAndMustBeFresh() throws Exception {
        String settings = "{\"hmac\": {\"header\": \"X-Sig\", \"secret\": \"" + SECRET
                + "\", \"timestamp_header\": \"X-Timestamp\"}}";
        RequestVerifier v = verifier(settings);
        String ts = Long.toString(NOW.getEpochSecond() - 30);
        String sig = HexFormat.of().formatHex(mac("HmacSHA256", SECRET, concat(ts + ".", BODY)));
        Map<String, String> headers = new LinkedHashMap<>(Map.of("X-Sig", sig, "X-Timestamp", ts));
        assertThatCode(() -> v.verify(request(headers, BODY), NOW)).doesNotThrowAnyException();

        // The body alone signed is not enough; the timestamp is part of what is signed.
        String bodyOnly = HexFormat.of().formatHex(mac("HmacSHA256", SECRET, BODY));
        assertThatThrownBy(() -> v.verify(request(Map.of("X-Sig", bodyOnly, "X-Timestamp", ts), BODY), NOW))
                .isInstanceOf(WebhookRejectedException.class);
        String other = Long.toString(NOW.getEpochSecond() - 31);
        assertThatThrownBy(() -> v.verify(request(Map.of("X-Sig", sig, "X-Timestamp", other), BODY), NOW))
                .isInstanceOf(WebhookRejectedException.class);
        assertThatThrownBy(() -> v.verify(request(Map.of("X-Sig", sig), BODY), NOW))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("X-Timestamp");
        assertThatThrownBy(() -> v.verify(request(Map.of("X-Sig", sig, "X-Timestamp", "soon"), BODY), NOW))
                .isInstanceOf(WebhookRejectedException.class);

        // Stale: signed correctly, but ten minutes old with a five minute tolerance.
        String old = Long.toString(NOW.getEpochSecond() - 600);
        String oldSig = HexFormat.of().formatHex(mac("HmacSHA256", SECRET, concat(old + ".", BODY)));
        assertThatThrownBy(() -> v.verify(request(Map.of("X-Sig", oldSig, "X-Timestamp", old), BODY), NOW))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("tolerance");
        // A source with zero tolerance does not check the time.
        RequestVerifier lax = verifier(settings, Duration.ZERO);
        assertThatCode(() -> lax.verify(request(Map.of("X-Sig", oldSig, "X-Timestamp", old), BODY), NOW))
                .doesNotThrowAnyException();
    }

    @Test
    void sharedSecretsAreDelegated() {
        RequestVerifier basic = verifier("{\"basic_auth\": {\"username\": \"acme\", \"password\": \"s3cret-pass\"}}");
        String good = "Basic " + Base64.getEncoder().encodeToString("acme:s3cret-pass".getBytes(StandardCharsets.UTF_8));
        String bad = "Basic " + Base64.getEncoder().encodeToString("acme:wrong-pass".getBytes(StandardCharsets.UTF_8));
        assertThatCode(() -> basic.verify(request(Map.of("Authorization", good), BODY), NOW)).doesNotThrowAnyException();
        assertThatThrownBy(() -> basic.verify(request(Map.of("Authorization", bad), BODY), NOW))
                .isInstanceOf(WebhookRejectedException.class);

        RequestVerifier token = verifier("{\"token\": \"tok-0123456789\"}");
        assertThatCode(() -> token.verify(request(Map.of("Authorization", "Bearer tok-0123456789"), BODY), NOW))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> token.verify(request(Map.of(), BODY), NOW)).isInstanceOf(WebhookRejectedException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "null | verification",
            "\"hmac\" | verification",
            "{} | verification",
            "{\"signature\": {}} | verification.signature",
            "{\"hmac\": {\"header\": \"X-Sig\", \"secret\": \"0123456789abcdef\"}, \"token\": \"tok-0123456789\"} | verification",
            "{\"hmac\": \"secret\"} | verification.hmac",
            "{\"hmac\": {\"secret\": \"0123456789abcdef\"}} | verification.hmac.header",
            "{\"hmac\": {\"header\": \"X Sig\", \"secret\": \"0123456789abcdef\"}} | verification.hmac.header",
            "{\"hmac\": {\"header\": \"X-Sig\"}} | verification.hmac.secret",
            "{\"hmac\": {\"header\": \"X-Sig\", \"secret\": \"short\"}} | verification.hmac.secret",
            "{\"hmac\": {\"header\": \"X-Sig\", \"secret\": 1234567890123456789}} | verification.hmac.secret",
            "{\"hmac\": {\"header\": \"X-Sig\", \"secret\": \"0123456789abcdef\", \"algorithm\": \"md5\"}} | verification.hmac.algorithm",
            "{\"hmac\": {\"header\": \"X-Sig\", \"secret\": \"0123456789abcdef\", \"encoding\": \"base32\"}} | verification.hmac.encoding",
            "{\"hmac\": {\"header\": \"X-Sig\", \"secret\": \"0123456789abcdef\", \"timestamp_header\": \"a b\"}} | verification.hmac.timestamp_header",
            "{\"hmac\": {\"header\": \"X-Sig\", \"secret\": \"0123456789abcdef\", \"salt\": \"x\"}} | verification.hmac.salt",
            "{\"basic_auth\": {\"username\": \"a\"}} | verification.basic_auth.password",
            "{\"basic_auth\": {\"username\": \"a:b\", \"password\": \"long-enough\"}} | verification.basic_auth.username",
            "{\"token\": \"short\"} | verification.token",
    })
    void settingsErrorsNameTheField(String verification, String field) {
        assertThat(refused(verification).field()).isEqualTo(field);
    }

    @Test
    void settingsAreNormalisedAndPublicSettingsHideSecrets() {
        ObjectNode stored = CustomVerification.settings(json("""
                {"verification": {"hmac": {"header": "X-Sig", "secret": "0123456789abcdef", "algorithm": "SHA512",
                 "prefix": "v1="}}}"""));
        assertThat(stored.toString()).isEqualTo("{\"hmac\":{\"header\":\"X-Sig\",\"secret\":\"0123456789abcdef\","
                + "\"algorithm\":\"sha512\",\"encoding\":\"hex\",\"prefix\":\"v1=\"}}");
        ObjectNode shown = CustomVerification.publicSettings(stored);
        assertThat(shown.toString()).doesNotContain("0123456789abcdef");
        assertThat(shown.path("method").asText()).isEqualTo("hmac");
        assertThat(shown.path("hmac").path("secret_set").booleanValue()).isTrue();
        assertThat(shown.path("hmac").path("header").asText()).isEqualTo("X-Sig");

        ObjectNode basic = CustomVerification.settings(json(
                "{\"verification\": {\"basic_auth\": {\"username\": \"acme\", \"password\": \"s3cret-pass\"}}}"));
        ObjectNode basicShown = CustomVerification.publicSettings(basic);
        assertThat(basicShown.toString()).doesNotContain("s3cret-pass");
        assertThat(basicShown.path("method").asText()).isEqualTo("basic_auth");
        assertThat(basicShown.path("basic_auth").path("username").asText()).isEqualTo("acme");

        ObjectNode token = CustomVerification.settings(json("{\"verification\": {\"token\": \"tok-0123456789\"}}"));
        assertThat(CustomVerification.publicSettings(token).toString()).doesNotContain("tok-0123456789")
                .contains("\"method\":\"token\"");
    }
}
