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

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** whsec_ secrets are base64 of the key; any other secret is the key, as UTF-8 (DESIGN §6). */
class SecretsTest {

    @Test
    void aPlainSecretVerifiesWhatItSigned() {
        String plain = "correct horse battery staple";

        assertThatCode(() -> verifierAt(NOW, plain).verify(BODY, headers(signed(plain, NOW, BODY))))
                .doesNotThrowAnyException();
    }

    @Test
    void base64TextWithoutThePrefixIsAPlainSecretNotTheSameKey() {
        // Other Standard Webhooks libraries would decode this text too; Postcard takes its UTF-8 bytes.
        String unprefixed = SECRET.substring("whsec_".length());

        assertThatThrownBy(() -> verifierAt(NOW, unprefixed).verify(BODY, headers(signed(SECRET, NOW, BODY))))
                .isInstanceOf(NoMatchingSignatureException.class);
    }

    @Test
    void aBase64SecretAcceptsMissingPadding() {
        String padded = "whsec_" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4});
        String unpadded = padded.replace("=", "");

        assertThat(unpadded).isNotEqualTo(padded);
        assertThatCode(() -> verifierAt(NOW, unpadded).verify(BODY, headers(signed(padded, NOW, BODY))))
                .doesNotThrowAnyException();
    }

    @Test
    void aPrefixedSecretThatIsNotBase64IsRefusedWithoutQuotingIt() {
        String bad = "whsec_MfKQ9r8GKYqr*wjUPD8ILPZIo2LaLaSw";

        assertThatThrownBy(() -> WebhookVerifier.of(bad))
                .isInstanceOf(InvalidSecretException.class)
                .hasMessageContaining("not base64")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("MfKQ9r8GKYqr").doesNotContain("*"))
                .hasNoCause();
    }

    @Test
    void anEmptySecretIsRefused() {
        assertThatThrownBy(() -> WebhookVerifier.of("")).isInstanceOf(InvalidSecretException.class)
                .hasMessage("the secret is empty");
        assertThatThrownBy(() -> WebhookSigner.of("whsec_")).isInstanceOf(InvalidSecretException.class)
                .hasMessage("the secret is empty");
    }

    @Test
    void anEmptyListOfSecretsIsRefused() {
        assertThatThrownBy(() -> WebhookVerifier.of(List.of())).isInstanceOf(InvalidSecretException.class);
        assertThatThrownBy(() -> WebhookSigner.of(List.of())).isInstanceOf(InvalidSecretException.class);
    }

    @Test
    void aBadSecretInAListIsNamedByPosition() {
        assertThatThrownBy(() -> WebhookVerifier.of(List.of(SECRET, "whsec_%%%")))
                .isInstanceOf(InvalidSecretException.class)
                .hasMessageStartingWith("secret 2 of 2 starts with whsec_");
    }

    @Test
    void describingAVerifierOrSignerRevealsNoSecret() {
        assertThat(WebhookVerifier.of(SECRET).toString())
                .isEqualTo("WebhookVerifier[1 secret, tolerance PT5M]").doesNotContain(SECRET.substring(6));
        assertThat(WebhookSigner.of(List.of(SECRET, "plain")).toString()).isEqualTo("WebhookSigner[2 secrets]");
    }
}
