package dev.postcard.providers.ses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.EventCodec;
import dev.postcard.providers.HttpGetter;
import dev.postcard.providers.ProviderContext;
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
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnsRequestVerifierTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:30:00Z");
    static final String TS = "2026-11-22T10:29:58.123Z";

    final SnsTestSigner signer = new SnsTestSigner();
    final SesProvider provider = new SesProvider();

    Source source(Duration tolerance, String... topics) {
        ObjectNode given = EventCodec.MAPPER.createObjectNode();
        var arns = given.putArray("topic_arns");
        for (String t : topics) {
            arns.add(t);
        }
        return new Source("src_1", "default", "ses", provider.settings(given), tolerance, false, NOW);
    }

    RequestVerifier verifier(HttpGetter http) {
        return provider.verifier(source(Duration.ofMinutes(5), SnsTestSigner.TOPIC),
                new ProviderContext(Clock.fixed(NOW, ZoneOffset.UTC), http));
    }

    RequestVerifier verifier() {
        return verifier(signer.http());
    }

    static WebhookRequest request(ObjectNode n) {
        return WebhookRequest.of(Map.of(), SnsTestSigner.bytes(n));
    }

    void rejected(ObjectNode n, String reason) {
        assertThatThrownBy(() -> verifier().verify(request(n), NOW))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining(reason);
    }

    @Test
    void acceptsSignedNotificationsOfBothVersions() {
        ObjectNode v2 = signer.sign(SnsTestSigner.notification("{\"eventType\":\"Send\"}", null, TS));
        ObjectNode v1 = SnsTestSigner.notification("hello", "With subject", TS);
        v1.put("SignatureVersion", "1");
        signer.sign(v1);
        assertThatCode(() -> verifier().verify(request(v2), NOW)).doesNotThrowAnyException();
        assertThatCode(() -> verifier().verify(request(v1), NOW)).doesNotThrowAnyException();
    }

    @Test
    void acceptsSignedConfirmations() {
        for (String type : new String[] {"SubscriptionConfirmation", "UnsubscribeConfirmation"}) {
            ObjectNode n = signer.sign(SnsTestSigner.confirmation(type, TS));
            assertThatCode(() -> verifier().verify(
                    WebhookRequest.of(Map.of("X-Amz-Sns-Message-Type", type), SnsTestSigner.bytes(n)), NOW))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void rejectsAnyChangedSignedField() {
        Map<String, Consumer<ObjectNode>> changes = Map.of(
                "Message", n -> n.put("Message", "{\"eventType\":\"Bounce\"}"),
                "MessageId", n -> n.put("MessageId", "other"),
                "Timestamp", n -> n.put("Timestamp", "2026-11-22T10:29:58.124Z"),
                "Subject", n -> n.put("Subject", "added"),
                "Type", n -> n.put("Type", "UnsubscribeConfirmation").put("Token", "t").put("SubscribeURL",
                        "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription"),
                "Signature", n -> n.put("Signature", "A" + n.get("Signature").asText().substring(1)));
        changes.forEach((field, change) -> {
            ObjectNode n = signer.sign(SnsTestSigner.notification("{\"eventType\":\"Send\"}", null, TS));
            change.accept(n);
            rejected(n, "ignature");
        });
    }

    @Test
    void rejectsConfirmationWithChangedTokenOrSubscribeUrl() {
        ObjectNode a = signer.sign(SnsTestSigner.confirmation("SubscriptionConfirmation", TS));
        a.put("Token", "ffff");
        rejected(a, "signature does not match");
        ObjectNode b = signer.sign(SnsTestSigner.confirmation("SubscriptionConfirmation", TS));
        b.put("SubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=other");
        rejected(b, "signature does not match");
    }

    @Test
    void subjectIsSignedOnlyWhenPresentAndNullMeansAbsent() {
        ObjectNode n = signer.sign(SnsTestSigner.notification("m", null, TS));
        n.putNull("Subject");
        assertThatCode(() -> verifier().verify(request(n), NOW)).doesNotThrowAnyException();
        ObjectNode s = signer.sign(SnsTestSigner.notification("m", "subject", TS));
        s.remove("Subject");
        rejected(s, "signature does not match");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "0", "", "1 ", "SHA256"})
    void rejectsOtherSignatureVersions(String version) {
        ObjectNode n = signer.sign(SnsTestSigner.notification("m", null, TS));
        n.put("SignatureVersion", version);
        rejected(n, "SignatureVersion");
    }

    @Test
    void versionMustMatchTheSignatureAlgorithm() {
        ObjectNode n = signer.sign(SnsTestSigner.notification("m", null, TS));
        n.put("SignatureVersion", "1");
        rejected(n, "signature does not match");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123.pem",
            "https://s3.amazonaws.com/bucket/SimpleNotificationService-0123.pem",
            "https://sns.us-east-1.amazonaws.com.evil.example/SimpleNotificationService-0123.pem",
            "https://evil.example/sns.us-east-1.amazonaws.com/SimpleNotificationService-0123.pem",
            "https://user@sns.us-east-1.amazonaws.com/SimpleNotificationService-0123.pem",
            "https://sns.us-east-1.amazonaws.com@evil.example/SimpleNotificationService-0123.pem",
            "https://sns.us-east-1.amazonaws.com:8443/SimpleNotificationService-0123.pem",
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123.txt",
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123.pem?x=1",
            "https://sns.us-east-1.amazonaws.com/a/../SimpleNotificationService-0123.pem",
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123.pem#f",
            "https://sns.amazonaws.com/SimpleNotificationService-0123.pem",
            "https://sns..amazonaws.com/SimpleNotificationService-0123.pem",
            "https://xsns.us-east-1.amazonaws.com/SimpleNotificationService-0123.pem",
            "file:///etc/passwd.pem",
            "//sns.us-east-1.amazonaws.com/SimpleNotificationService-0123.pem",
            "https://sns.us-east-1.amazonaws.com/Simple Notification.pem",
            "not a url"})
    void rejectsSigningCertUrlsOffTheSnsHosts(String url) {
        ObjectNode n = SnsTestSigner.notification("m", null, TS);
        n.put("SigningCertURL", url);
        signer.sign(n);
        rejected(n, "SigningCertURL");
        assertThat(signer.downloads).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123.pem",
            "https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-0123.pem",
            "https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-0123.pem",
            "https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-0123.pem",
            "https://SNS.US-EAST-1.AMAZONAWS.COM/SimpleNotificationService-0123.pem",
            "https://sns.us-east-1.amazonaws.com:443/SimpleNotificationService-0123.pem"})
    void acceptsSigningCertUrlsOnSnsHosts(String url) {
        ObjectNode n = SnsTestSigner.notification("m", null, TS);
        n.put("SigningCertURL", url);
        signer.sign(n);
        assertThatCode(() -> verifier().verify(request(n), NOW)).doesNotThrowAnyException();
    }

    @Test
    void rejectsTopicsOutsideTheAllowList() {
        ObjectNode n = SnsTestSigner.notification("m", null, TS);
        n.put("TopicArn", "arn:aws:sns:us-east-1:999999999999:ses-events");
        signer.sign(n);
        rejected(n, "TopicArn");
        assertThat(signer.downloads).as("no certificate fetched for a foreign topic").isEmpty();
    }

    @Test
    void rejectsSubscriptionConfirmationWithForeignSubscribeUrl() {
        ObjectNode n = SnsTestSigner.confirmation("SubscriptionConfirmation", TS);
        n.put("SubscribeURL", "https://evil.example/?Action=ConfirmSubscription");
        signer.sign(n);
        rejected(n, "SubscribeURL");
    }

    @Test
    void messageTypeHeaderMustMatchType() {
        ObjectNode n = signer.sign(SnsTestSigner.notification("m", null, TS));
        assertThatThrownBy(() -> verifier().verify(WebhookRequest.of(Map.of("x-amz-sns-message-type",
                "SubscriptionConfirmation"), SnsTestSigner.bytes(n)), NOW))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("x-amz-sns-message-type");
        assertThatCode(() -> verifier().verify(WebhookRequest.of(Map.of("x-amz-sns-message-type", "Notification"),
                SnsTestSigner.bytes(n)), NOW)).doesNotThrowAnyException();
    }

    @Test
    void timestampOutsideToleranceIsRejectedAndZeroToleranceTurnsTheCheckOff() {
        ObjectNode old = signer.sign(SnsTestSigner.notification("m", null, "2026-11-22T09:00:00Z"));
        rejected(old, "tolerance");
        RequestVerifier lenient = provider.verifier(source(Duration.ZERO, SnsTestSigner.TOPIC),
                new ProviderContext(Clock.fixed(NOW, ZoneOffset.UTC), signer.http()));
        assertThatCode(() -> lenient.verify(request(old), NOW)).doesNotThrowAnyException();
    }

    @Test
    void certificateMustBeValidByTheContextClock() {
        ObjectNode n = signer.sign(SnsTestSigner.notification("m", null, TS));
        for (String at : new String[] {"2019-06-01T00:00:00Z", "2040-01-01T00:00:00Z"}) {
            RequestVerifier v = provider.verifier(source(Duration.ZERO, SnsTestSigner.TOPIC),
                    new ProviderContext(Clock.fixed(Instant.parse(at), ZoneOffset.UTC), signer.http()));
            assertThatThrownBy(() -> v.verify(request(n), NOW)).isInstanceOf(WebhookRejectedException.class)
                    .hasMessageContaining("not valid");
        }
    }

    @Test
    void certificateDownloadFailuresAndGarbageAreRejections() {
        ObjectNode n = signer.sign(SnsTestSigner.notification("m", null, TS));
        HttpGetter failing = uri -> {
            throw new IOException("503");
        };
        HttpGetter throwing = uri -> {
            throw new IllegalStateException("boom");
        };
        HttpGetter garbage = uri -> "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII);
        HttpGetter empty = uri -> new byte[0];
        for (HttpGetter http : new HttpGetter[] {failing, throwing, garbage, empty}) {
            assertThatThrownBy(() -> verifier(http).verify(request(n), NOW)).isInstanceOf(WebhookRejectedException.class);
        }
    }

    @Test
    void anotherKeysCertificateDoesNotVerify() throws Exception {
        ObjectNode n = signer.sign(SnsTestSigner.notification("m", null, TS));
        // signed by a fresh key pair, checked against the test certificate
        var gen = java.security.KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        var other = gen.generateKeyPair();
        var s = java.security.Signature.getInstance("SHA256withRSA");
        s.initSign(other.getPrivate());
        s.update(SnsStringToSign.of(SnsMessage.from(n)).getBytes(StandardCharsets.UTF_8));
        n.put("Signature", java.util.Base64.getEncoder().encodeToString(s.sign()));
        rejected(n, "signature does not match");
    }

    @Test
    void certificatesAreCachedByUrl() {
        RequestVerifier v = verifier();
        for (int i = 0; i < 3; i++) {
            ObjectNode n = signer.sign(SnsTestSigner.notification("m" + i, null, TS));
            v.verify(request(n), NOW);
        }
        ObjectNode other = SnsTestSigner.notification("m", null, TS);
        other.put("SigningCertURL", "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-other.pem");
        v.verify(request(signer.sign(other)), NOW);
        assertThat(signer.downloads).hasSize(2);
    }

    @Test
    void certificateCacheIsBounded() {
        SnsCertificates certs = new SnsCertificates(signer.http());
        for (int i = 0; i < SnsCertificates.MAX_ENTRIES + 50; i++) {
            certs.certificate("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-" + i + ".pem", NOW);
        }
        assertThat(certs.cached()).isEqualTo(SnsCertificates.MAX_ENTRIES);
        signer.downloads.clear();
        certs.certificate("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-149.pem", NOW);
        certs.certificate("https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0.pem", NOW);
        assertThat(signer.downloads).hasSize(1);
    }

    @Test
    void malformedBodiesAreBadInputOrRejections() {
        for (String body : new String[] {"", "not json", "{\"Type\":", "[1,2]", "\"x\"", "{\"a\":1,\"a\":2}"}) {
            assertThatThrownBy(() -> verifier().verify(WebhookRequest.of(Map.of(), body.getBytes(StandardCharsets.UTF_8)), NOW))
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("body"));
        }
        for (String body : new String[] {"{}", "{\"Type\":\"Notification\"}", "{\"Type\":\"Other\"}",
                "{\"Type\":1}", "{\"Type\":\"Notification\",\"MessageId\":\"1\",\"TopicArn\":\"t\",\"Message\":{},"
                + "\"Timestamp\":\"t\",\"SignatureVersion\":\"2\",\"Signature\":\"s\",\"SigningCertURL\":\"u\"}"}) {
            assertThatThrownBy(() -> verifier().verify(WebhookRequest.of(Map.of(), body.getBytes(StandardCharsets.UTF_8)), NOW))
                    .isInstanceOf(WebhookRejectedException.class);
        }
        ObjectNode missing = signer.sign(SnsTestSigner.notification("m", null, TS));
        missing.remove("Signature");
        rejected(missing, "Signature is required");
        ObjectNode badTime = signer.sign(SnsTestSigner.notification("m", null, "yesterday"));
        rejected(badTime, "Timestamp");
        ObjectNode notBase64 = signer.sign(SnsTestSigner.notification("m", null, TS));
        notBase64.put("Signature", "!!!");
        rejected(notBase64, "base64");
    }

    @Test
    void randomMutationsOnlyEverRejectOrAreBadInput() {
        byte[] good = SnsTestSigner.bytes(signer.sign(SnsTestSigner.notification("{\"eventType\":\"Send\"}", "s", TS)));
        Random random = new Random(42);
        RequestVerifier v = verifier();
        int accepted = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] body = good.clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                body[random.nextInt(body.length)] = (byte) random.nextInt(128);
            }
            try {
                v.verify(WebhookRequest.of(Map.of(), body), NOW);
                accepted++;
            } catch (WebhookRejectedException | InvalidInputException expected) {
                // the only outcomes allowed
            }
        }
        // A flip may only land in whitespace or an unsigned field (UnsubscribeURL) and still verify.
        assertThat(accepted).isLessThan(400);
    }
}
