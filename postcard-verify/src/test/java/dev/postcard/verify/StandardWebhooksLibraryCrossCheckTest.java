package dev.postcard.verify;

import static dev.postcard.verify.TestRequests.ID;
import static dev.postcard.verify.TestRequests.OTHER_SECRET;
import static dev.postcard.verify.TestRequests.SECRET;
import static dev.postcard.verify.TestRequests.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks the wire format against the reference Java library of the specification
 * ({@code com.standardwebhooks:standardwebhooks:1.2.0}), in both directions. That library reads the system
 * clock, so these requests are stamped now. It takes the payload as a String and signs its UTF-8 bytes.
 */
class StandardWebhooksLibraryCrossCheckTest {
    private static final String PAYLOAD =
            "{\"type\":\"email.clicked\",\"data\":{\"url\":\"https://example.com/ü\",\"tag\":\"🎉\"}}";
    private static final byte[] BODY = PAYLOAD.getBytes(StandardCharsets.UTF_8);

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    @Test
    void theReferenceLibraryVerifiesWhatWebhookSignerSigns() throws Exception {
        SignatureHeaders signed = WebhookSigner.of(SECRET).sign(ID, Instant.now(), BODY);

        assertThatCode(() -> new Webhook(SECRET).verify(PAYLOAD, headers(signed))).doesNotThrowAnyException();
        assertThatThrownBy(() -> new Webhook(OTHER_SECRET).verify(PAYLOAD, headers(signed)))
                .as("the library holding another secret")
                .isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);
    }

    @Test
    void theReferenceLibraryRefusesWhatWebhookSignerSignedWhenTheBodyIsAltered() {
        SignatureHeaders signed = WebhookSigner.of(SECRET).sign(ID, Instant.now(), BODY);

        assertThatThrownBy(() -> new Webhook(SECRET).verify(PAYLOAD.replace("🎉", "!"), headers(signed)))
                .isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);
    }

    @Test
    void theReferenceLibraryHoldingEitherSecretVerifiesARotatingSignature() throws Exception {
        SignatureHeaders rotating = WebhookSigner.of(List.of(OTHER_SECRET, SECRET)).sign(ID, Instant.now(), BODY);
        String third = "whsec_" + Base64.getEncoder().encodeToString(new byte[24]);

        assertThatCode(() -> new Webhook(SECRET).verify(PAYLOAD, headers(rotating))).doesNotThrowAnyException();
        assertThatCode(() -> new Webhook(OTHER_SECRET).verify(PAYLOAD, headers(rotating))).doesNotThrowAnyException();
        assertThatThrownBy(() -> new Webhook(third).verify(PAYLOAD, headers(rotating)))
                .as("the library holding neither secret")
                .isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);
    }

    @Test
    void webhookVerifierVerifiesWhatTheReferenceLibrarySigns() throws Exception {
        long now = now();
        String signature = new Webhook(SECRET).sign(ID, now, PAYLOAD);

        assertThatCode(() -> WebhookVerifier.of(SECRET).verify(BODY, headers(ID, Long.toString(now), signature)))
                .doesNotThrowAnyException();
    }

    @Test
    void webhookVerifierRefusesWhatTheReferenceLibrarySignedForAnotherBody() throws Exception {
        long now = now();
        String signature = new Webhook(SECRET).sign(ID, now, PAYLOAD + " ");

        assertThatThrownBy(() -> WebhookVerifier.of(SECRET).verify(BODY, headers(ID, Long.toString(now), signature)))
                .isInstanceOf(NoMatchingSignatureException.class);
    }

    @Test
    void aPlainSecretSignsAsTheReferenceLibraryDoesWithTheSecretsUtf8Bytes() throws Exception {
        String plain = "pässwörd for the café";
        long now = now();

        String ours = WebhookSigner.of(plain).sign(ID, Instant.ofEpochSecond(now), BODY).webhookSignature();
        String reference = new Webhook(plain.getBytes(StandardCharsets.UTF_8)).sign(ID, now, PAYLOAD);

        assertThat(ours).isEqualTo(reference);
        assertThatCode(() -> WebhookVerifier.of(plain).verify(BODY, headers(ID, Long.toString(now), reference)))
                .doesNotThrowAnyException();
    }

    @Test
    void signaturesAgreeWithTheReferenceLibraryOverManyRandomInputs() throws Exception {
        Random random = new Random(20240601); // fixed, so a failure can be reproduced
        for (int i = 0; i < 300; i++) {
            byte[] key = new byte[24 + random.nextInt(41)];
            random.nextBytes(key);
            String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
            String id = "evt_" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            long timestamp = random.nextLong(0, 4_000_000_000L);
            String payload = randomText(random);

            String ours = WebhookSigner.of(secret)
                    .sign(id, Instant.ofEpochSecond(timestamp), payload.getBytes(StandardCharsets.UTF_8))
                    .webhookSignature();

            assertThat(ours).as("case %d", i).isEqualTo(new Webhook(secret).sign(id, timestamp, payload));
        }
    }

    /** Text of any length up to 2000, mixing ASCII, Latin-1, CJK and characters beyond the BMP. */
    private static String randomText(Random random) {
        int[] pool = {'{', '"', '.', ' ', 'a', 'Z', '0', 0xE9, 0x4E2D, 0x1F389};
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(2001);
        for (int i = 0; i < length; i++) {
            boolean fromPool = random.nextInt(4) == 0;
            text.appendCodePoint(fromPool ? pool[random.nextInt(pool.length)] : 0x20 + random.nextInt(95));
        }
        return text.toString();
    }

    @Test
    void theReferenceLibraryAcceptsTheHeaderMapAsGiven() throws Exception {
        // asMap() is what Postcard's delivery sets on the request; the extra X-Postcard-Signature is ignored.
        SignatureHeaders signed = WebhookSigner.of(SECRET).sign(ID, Instant.now(), BODY);
        Map<String, List<String>> sent = new HashMap<>();
        signed.asMap().forEach((name, value) -> sent.put(name, List.of(value)));
        Map<String, List<String>> onlyTheSimpleSignature = new HashMap<>(sent);
        onlyTheSimpleSignature.remove(SignatureHeaders.SIGNATURE);

        assertThatCode(() -> new Webhook(SECRET).verify(PAYLOAD, sent)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new Webhook(SECRET).verify(PAYLOAD, onlyTheSimpleSignature))
                .as("without webhook-signature, X-Postcard-Signature alone")
                .isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);
    }
}
