package dev.postcard.verify;

import static dev.postcard.verify.TestRequests.BODY;
import static dev.postcard.verify.TestRequests.NOW;
import static dev.postcard.verify.TestRequests.SECRET;
import static dev.postcard.verify.TestRequests.headers;
import static dev.postcard.verify.TestRequests.signed;
import static dev.postcard.verify.TestRequests.verifierAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whatever part of a signed request is changed, the signature stops matching. */
class TamperingTest {
    private final SignatureHeaders signed = signed(SECRET, NOW, BODY);
    private final WebhookVerifier verifier = verifierAt(NOW, SECRET);

    @Test
    void acceptsTheRequestAsSigned() {
        assertThatCode(() -> verifier.verify(BODY, headers(signed))).doesNotThrowAnyException();
    }

    @Test
    void refusesABodyWithOneByteChanged() {
        byte[] altered = Arrays.copyOf(BODY, BODY.length);
        altered[altered.length - 3] ^= 1;

        assertThatThrownBy(() -> verifier.verify(altered, headers(signed)))
                .isInstanceOf(NoMatchingSignatureException.class);
    }

    @Test
    void refusesABodyThatWasReserialisedWithDifferentWhitespace() {
        byte[] pretty = new String(BODY, StandardCharsets.UTF_8).replace(":", ": ").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> verifier.verify(pretty, headers(signed)))
                .isInstanceOf(NoMatchingSignatureException.class)
                .hasMessageContaining("exactly as received");
    }

    @Test
    void refusesAnotherWebhookId() {
        Map<String, List<String>> headers = headers(signed);
        headers.put(SignatureHeaders.ID, List.of("evt_01JDQ4Z6M7X9K2P8R5T3V1W0YB"));

        assertThatThrownBy(() -> verifier.verify(BODY, headers)).isInstanceOf(NoMatchingSignatureException.class);
    }

    @Test
    void refusesAnotherTimestampEvenWithinTheTolerance() {
        Map<String, List<String>> headers = headers(signed);
        headers.put(SignatureHeaders.TIMESTAMP, List.of(Long.toString(NOW + 1)));

        assertThatThrownBy(() -> verifier.verify(BODY, headers)).isInstanceOf(NoMatchingSignatureException.class);
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() {
        SignatureHeaders forged = signed("whsec_" + "B".repeat(32), NOW, BODY);

        assertThatThrownBy(() -> verifier.verify(BODY, headers(forged)))
                .isInstanceOf(NoMatchingSignatureException.class)
                .hasMessageContaining("none of the 1 v1 signatures");
    }

    @Test
    void refusesTheSignatureOfAnotherRequestMovedOntoThisOne() {
        SignatureHeaders other = signed(SECRET, NOW, "{}".getBytes(StandardCharsets.UTF_8));
        Map<String, List<String>> headers = headers(signed);
        headers.put(SignatureHeaders.SIGNATURE, List.of(other.webhookSignature()));

        assertThatThrownBy(() -> verifier.verify(BODY, headers)).isInstanceOf(NoMatchingSignatureException.class);
    }

    @Test
    void failureMessagesContainNeitherTheSecretNorTheExpectedSignature() {
        byte[] altered = "{}".getBytes(StandardCharsets.UTF_8);
        String expectedForAltered = signed(SECRET, NOW, altered).webhookSignature().substring(3);

        assertThatThrownBy(() -> verifier.verify(altered, headers(signed)))
                .isInstanceOf(NoMatchingSignatureException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain(SECRET)
                        .doesNotContain(SECRET.substring(6))
                        .doesNotContain(expectedForAltered));
    }
}
