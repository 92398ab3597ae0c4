package dev.postcard.verify;

import static dev.postcard.verify.TestRequests.BODY;
import static dev.postcard.verify.TestRequests.ID;
import static dev.postcard.verify.TestRequests.NOW;
import static dev.postcard.verify.TestRequests.OTHER_SECRET;
import static dev.postcard.verify.TestRequests.SECRET;
import static dev.postcard.verify.TestRequests.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** X-Postcard-Signature: hex HMAC of the body alone, for receivers written the simple way. */
class SimpleSignatureTest {
    private final WebhookVerifier verifier = WebhookVerifier.of(SECRET);
    private final String hex = signed(SECRET, NOW, BODY).postcardSignature();

    @Test
    void acceptsTheSignatureOfTheBody() {
        assertThatCode(() -> verifier.verifySimple(BODY, hex)).doesNotThrowAnyException();
    }

    @Test
    void acceptsUppercaseHexAndSurroundingWhitespace() {
        assertThatCode(() -> verifier.verifySimple(BODY, " " + hex.toUpperCase(Locale.ROOT) + " "))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAnotherBody() {
        byte[] other = "{\"type\":\"email.opened\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> verifier.verifySimple(other, hex))
                .isInstanceOf(NoMatchingSignatureException.class)
                .hasMessageContaining("X-Postcard-Signature")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(hex));
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() {
        String forged = signed(OTHER_SECRET, NOW, BODY).postcardSignature();

        assertThatThrownBy(() -> verifier.verifySimple(BODY, forged)).isInstanceOf(NoMatchingSignatureException.class);
    }

    @Test
    void anAbsentHeaderIsMissingAndNamed() {
        assertThatThrownBy(() -> verifier.verifySimple(BODY, null))
                .isInstanceOfSatisfying(MissingHeaderException.class,
                        e -> assertThat(e.headerName()).isEqualTo("X-Postcard-Signature"))
                .hasMessage("missing header X-Postcard-Signature");
    }

    @Test
    void aValueThatIsNotSixtyFourHexDigitsIsMalformedAndNamed() {
        for (String bad : List.of("", "abc", hex + "00", "z".repeat(64), "v1," + hex.substring(3))) {
            assertThatThrownBy(() -> verifier.verifySimple(BODY, bad))
                    .as("value %s", bad)
                    .isInstanceOfSatisfying(MalformedHeaderException.class,
                            e -> assertThat(e.headerName()).isEqualTo("X-Postcard-Signature"))
                    .hasMessageContaining("X-Postcard-Signature");
        }
    }

    @Test
    void isMadeWithTheFirstSecretAndAcceptedByAVerifierHoldingAnyOfThem() {
        SignatureHeaders rotating = WebhookSigner.of(List.of(OTHER_SECRET, SECRET))
                .sign(ID, Instant.ofEpochSecond(NOW), BODY);

        assertThat(rotating.postcardSignature()).isEqualTo(signed(OTHER_SECRET, NOW, BODY).postcardSignature());
        assertThatCode(() -> WebhookVerifier.of(List.of(SECRET, OTHER_SECRET))
                .verifySimple(BODY, rotating.postcardSignature())).doesNotThrowAnyException();
    }

    @Test
    void doesNotDependOnIdOrTimestamp() {
        String later = WebhookSigner.of(SECRET).sign("evt_other", Instant.ofEpochSecond(NOW + 9999), BODY)
                .postcardSignature();

        assertThat(later).isEqualTo(hex);
    }
}
