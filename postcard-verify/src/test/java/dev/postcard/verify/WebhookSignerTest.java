package dev.postcard.verify;

import static dev.postcard.verify.TestRequests.BODY;
import static dev.postcard.verify.TestRequests.ID;
import static dev.postcard.verify.TestRequests.NOW;
import static dev.postcard.verify.TestRequests.OTHER_SECRET;
import static dev.postcard.verify.TestRequests.SECRET;
import static dev.postcard.verify.TestRequests.headers;
import static dev.postcard.verify.TestRequests.signed;
import static dev.postcard.verify.TestRequests.verifierAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSignerTest {

    @Test
    void givesTheFourHeadersInOrder() {
        SignatureHeaders signed = signed(SECRET, NOW, BODY);

        assertThat(signed.asMap()).containsExactly(
                Map.entry("webhook-id", ID),
                Map.entry("webhook-timestamp", "1750000000"),
                Map.entry("webhook-signature", signed.webhookSignature()),
                Map.entry("X-Postcard-Signature", signed.postcardSignature()));
        assertThat(signed.webhookSignature()).matches("v1,[A-Za-z0-9+/]{43}=");
        assertThat(signed.postcardSignature()).matches("[0-9a-f]{64}");
    }

    @Test
    void signsWithEverySecretInTheOrderGiven() {
        String current = signed(OTHER_SECRET, NOW, BODY).webhookSignature();
        String previous = signed(SECRET, NOW, BODY).webhookSignature();

        SignatureHeaders rotating = WebhookSigner.of(List.of(OTHER_SECRET, SECRET))
                .sign(ID, Instant.ofEpochSecond(NOW), BODY);

        assertThat(rotating.webhookSignature()).isEqualTo(current + " " + previous);
    }

    @Test
    void dropsFractionsOfASecond() {
        SignatureHeaders signed = WebhookSigner.of(SECRET).sign(ID, Instant.ofEpochSecond(NOW, 999_000_000), BODY);

        assertThat(signed).isEqualTo(signed(SECRET, NOW, BODY));
    }

    @Test
    void signsTheTestRequestAsAnIndependentHmacDoes() {
        // Computed with Python's hmac module over "evt_01JDQ4Z6M7X9K2P8R5T3V1W0YA.1750000000." + BODY (and BODY
        // alone for X-Postcard-Signature), not with this library.
        SignatureHeaders signed = signed(SECRET, NOW, BODY);

        assertThat(signed.webhookSignature()).isEqualTo("v1,tx0+fXu0cfTuw9gl5SBg4yaQQyZVrI1pwGdahVflpGs=");
        assertThat(signed.postcardSignature())
                .isEqualTo("b3684038a9dd567e4047b3a707e45a82884c96b3c115e1bb5315169fc480597e");
    }

    @Test
    void theSignatureChangesWithTheIdTheTimestampTheBodyAndTheSecret() {
        String base = signed(SECRET, NOW, BODY).webhookSignature();
        byte[] otherBody = BODY.clone();
        otherBody[otherBody.length - 3] ^= 1;

        assertThat(WebhookSigner.of(SECRET).sign(ID + "x", Instant.ofEpochSecond(NOW), BODY).webhookSignature())
                .as("another id").isNotEqualTo(base);
        assertThat(signed(SECRET, NOW + 1, BODY).webhookSignature()).as("a second later").isNotEqualTo(base);
        assertThat(signed(SECRET, NOW, otherBody).webhookSignature()).as("one bit of the body").isNotEqualTo(base);
        assertThat(signed(OTHER_SECRET, NOW, BODY).webhookSignature()).as("another secret").isNotEqualTo(base);
        // The simple signature covers the body and the secret only.
        String simple = signed(SECRET, NOW, BODY).postcardSignature();
        assertThat(signed(SECRET, NOW, otherBody).postcardSignature()).as("one bit of the body").isNotEqualTo(simple);
        assertThat(signed(OTHER_SECRET, NOW, BODY).postcardSignature()).as("another secret").isNotEqualTo(simple);
        assertThat(signed(SECRET, NOW + 1, BODY).postcardSignature()).as("a second later").isEqualTo(simple);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "evt 1", "evt\r\n1", "evt\t1"})
    void refusesIdsThatWouldBreakTheHeader(String id) {
        WebhookSigner signer = WebhookSigner.of(SECRET);

        assertThatThrownBy(() -> signer.sign(id, Instant.ofEpochSecond(NOW), BODY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signsAnIdWithDotsSoThatItsReceiverVerifiesIt() {
        SignatureHeaders signed = WebhookSigner.of(SECRET).sign("msg.2026.delivered", Instant.ofEpochSecond(NOW), BODY);

        assertThat(signed.id()).isEqualTo("msg.2026.delivered");
        assertThatCode(() -> verifierAt(NOW, SECRET).verify(BODY, headers(signed))).doesNotThrowAnyException();
    }

    @Test
    void refusesATimestampBefore1970() {
        WebhookSigner signer = WebhookSigner.of(SECRET);

        assertThatThrownBy(() -> signer.sign(ID, Instant.ofEpochSecond(-1), BODY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
