package dev.postcard.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClickSignerTest {
    private static final String EMAIL = "msg_01JDQ4YB2C3D4E5F6G7H8J9K0M";
    private static final String URL = "https://shop.example.com/orders/1234?utm_source=email&utm_medium=order";

    private final SigningKey key1 = SigningKey.generate(1);
    private final ClickSigner signer = new ClickSigner(SigningKeys.of(List.of(key1), 1));

    @Test
    void clickSignatureRoundTrips() {
        String sig = signer.signClick(EMAIL, URL);

        assertThat(sig).hasSize(23).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(sig)).hasSize(17).startsWith((byte) 1);
        assertThat(signer.verifyClick(EMAIL, URL, sig)).isTrue();
    }

    @Test
    void signaturesAreDeterministicPerKeyAndDifferAcrossKeys() {
        ClickSigner other = new ClickSigner(SigningKeys.of(List.of(SigningKey.generate(1)), 1));

        assertThat(signer.signClick(EMAIL, URL)).isEqualTo(signer.signClick(EMAIL, URL));
        assertThat(other.signClick(EMAIL, URL)).isNotEqualTo(signer.signClick(EMAIL, URL));
        assertThat(other.verifyClick(EMAIL, URL, signer.signClick(EMAIL, URL))).isFalse();
    }

    @Test
    void unsubscribeSignatureRoundTrips() {
        String sig = signer.signUnsubscribe(EMAIL);

        assertThat(signer.verifyUnsubscribe(EMAIL, sig)).isTrue();
        assertThat(signer.verifyUnsubscribe("msg_01JDQ4YB2C3D4E5F6G7H8J9K0N", sig)).isFalse();
    }

    @Test
    void tamperedUrlIsRejected() {
        String sig = signer.signClick(EMAIL, URL);

        assertThat(signer.verifyClick(EMAIL, "https://evil.example/phish", sig)).isFalse();
        assertThat(signer.verifyClick(EMAIL, URL + "&x=1", sig)).isFalse();
        assertThat(signer.verifyClick(EMAIL, URL.replace("https", "http"), sig)).isFalse();
    }

    @Test
    void tamperedEmailIdIsRejected() {
        String sig = signer.signClick(EMAIL, URL);

        assertThat(signer.verifyClick("msg_01JDQ4YB2C3D4E5F6G7H8J9K0N", URL, sig)).isFalse();
    }

    @Test
    void everyAlteredCharacterOfTheSignatureIsRejected() {
        String sig = signer.signClick(EMAIL, URL);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < sig.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (c == sig.charAt(i)) {
                    continue;
                }
                String tampered = sig.substring(0, i) + c + sig.substring(i + 1);
                assertThat(signer.verifyClick(EMAIL, URL, tampered)).as("signature altered at %d to %s", i, c).isFalse();
            }
        }
    }

    @Test
    void purposesAndFieldBoundariesCannotBeConfused() {
        assertThat(signer.verifyUnsubscribe(EMAIL, signer.signClick(EMAIL, ""))).isFalse();
        assertThat(signer.verifyClick(EMAIL, "", signer.signUnsubscribe(EMAIL))).isFalse();
        // Moving characters between the id and the url must change the signature.
        assertThat(signer.verifyClick("msg_1h", "ttps://a.example", signer.signClick("msg_1", "https://a.example"))).isFalse();
    }

    @Test
    void malformedSignaturesAreFalseNotExceptions() {
        String sig = signer.signClick(EMAIL, URL);

        assertThat(signer.verifyClick(EMAIL, URL, null)).isFalse();
        assertThat(signer.verifyClick(EMAIL, URL, "")).isFalse();
        assertThat(signer.verifyClick(EMAIL, URL, sig.substring(1))).isFalse();
        assertThat(signer.verifyClick(EMAIL, URL, sig + "A")).isFalse();
        assertThat(signer.verifyClick(EMAIL, URL, "!!!!!!!!!!!!!!!!!!!!!!!")).isFalse();
        assertThat(signer.verifyClick(EMAIL, URL, sig.replace(sig.charAt(3), '+'))).isFalse();
        assertThat(signer.verifyClick(null, URL, sig)).isFalse();
        assertThat(signer.verifyClick(EMAIL, null, sig)).isFalse();
        assertThat(signer.verifyUnsubscribe(null, sig)).isFalse();
        assertThat(signer.verifyUnsubscribe(EMAIL, "x".repeat(10_000))).isFalse();
    }

    @Test
    void oldLinksKeepVerifyingAfterRotation() {
        String oldSig = signer.signClick(EMAIL, URL);
        SigningKeys rotated = signer.keys().rotate();
        ClickSigner afterRotation = new ClickSigner(rotated);

        String newSig = afterRotation.signClick(EMAIL, URL);

        assertThat(rotated.current().id()).isEqualTo(2);
        assertThat(Base64.getUrlDecoder().decode(newSig)[0]).isEqualTo((byte) 2);
        assertThat(afterRotation.verifyClick(EMAIL, URL, oldSig)).isTrue();
        assertThat(afterRotation.verifyClick(EMAIL, URL, newSig)).isTrue();
        assertThat(signer.verifyClick(EMAIL, URL, newSig)).as("the old key set does not know key 2").isFalse();
    }

    @Test
    void retiredKeyIdIsRejected() {
        String oldSig = signer.signClick(EMAIL, URL);
        SigningKeys retired = signer.keys().rotate().without(1);

        assertThat(new ClickSigner(retired).verifyClick(EMAIL, URL, oldSig)).isFalse();
    }

    @Test
    void unknownKeyIdIsRejectedEvenWithAValidMac() {
        // Same secret under another id: the id byte is part of what must match.
        SigningKey sameSecretOtherId = new SigningKey(7, key1.secret());
        String sig = new ClickSigner(SigningKeys.of(List.of(sameSecretOtherId), 7)).signClick(EMAIL, URL);

        assertThat(signer.verifyClick(EMAIL, URL, sig)).isFalse();
    }

    @Test
    void nonAsciiUrlsAndIdsAreSigned() {
        String url = "https://例え.jp/pfad/über?q=ä ö";
        String sig = signer.signClick(EMAIL, url);

        assertThat(signer.verifyClick(EMAIL, url, sig)).isTrue();
        assertThat(signer.verifyClick(EMAIL, "https://例え.jp/pfad/uber?q=ä ö", sig)).isFalse();
    }
}
