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

/** The webhook-signature header: rotation, several entries, versions this library does not check. */
class SignatureEntriesTest {
    private static final String DECOY = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

    private static String validEntry() {
        return signed(SECRET, NOW, BODY).webhookSignature();
    }

    private static void verifyWithHeader(String signatureHeader) {
        verifierAt(NOW, SECRET).verify(BODY, headers(ID, Long.toString(NOW), signatureHeader));
    }

    @Test
    void duringRotationAReceiverHoldingEitherSecretAccepts() {
        SignatureHeaders rotating = WebhookSigner.of(List.of(OTHER_SECRET, SECRET))
                .sign(ID, Instant.ofEpochSecond(NOW), BODY);

        assertThat(rotating.webhookSignature().split(" ")).hasSize(2).allMatch(entry -> entry.startsWith("v1,"));
        assertThatCode(() -> verifierAt(NOW, SECRET).verify(BODY, headers(rotating))).doesNotThrowAnyException();
        assertThatCode(() -> verifierAt(NOW, OTHER_SECRET).verify(BODY, headers(rotating)))
                .doesNotThrowAnyException();
    }

    @Test
    void aReceiverHoldingBothSecretsAcceptsASignatureMadeWithEither() {
        WebhookVerifier verifier = verifierAt(NOW, SECRET, OTHER_SECRET);

        assertThatCode(() -> verifier.verify(BODY, headers(signed(SECRET, NOW, BODY)))).doesNotThrowAnyException();
        assertThatCode(() -> verifier.verify(BODY, headers(signed(OTHER_SECRET, NOW, BODY))))
                .doesNotThrowAnyException();
    }

    @Test
    void aReceiverHoldingNeitherSecretRefuses() {
        SignatureHeaders signed = signed(OTHER_SECRET, NOW, BODY);

        assertThatThrownBy(() -> verifierAt(NOW, "whsec_" + "A".repeat(32)).verify(BODY, headers(signed)))
                .isInstanceOf(NoMatchingSignatureException.class);
    }

    @Test
    void acceptsWhenTheMatchingEntryIsAmongDecoys() {
        assertThatCode(() -> verifyWithHeader(DECOY + " " + validEntry() + " " + DECOY)).doesNotThrowAnyException();
    }

    @Test
    void skipsEntriesOfUnknownVersionsInsteadOfFailing() {
        String header = "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg== "
                + "v2,anything " + validEntry() + " v0,zzz";

        assertThatCode(() -> verifyWithHeader(header)).doesNotThrowAnyException();
    }

    @Test
    void doesNotTakeAValidSignatureUnderAnotherVersionForV1() {
        String asV1a = validEntry().replaceFirst("^v1,", "v1a,");

        assertThatThrownBy(() -> verifyWithHeader(asV1a))
                .isInstanceOf(NoMatchingSignatureException.class)
                .hasMessageContaining("no usable v1 entry");
    }

    @Test
    void skipsEntriesWithoutAVersionAndV1EntriesThatAreNotBase64() {
        assertThatCode(() -> verifyWithHeader("garbage v1,not*base64! " + validEntry())).doesNotThrowAnyException();
    }

    @Test
    void refusesAnEmptyOrTruncatedV1Entry() {
        assertThatThrownBy(() -> verifyWithHeader("v1,")).isInstanceOf(NoMatchingSignatureException.class);
        assertThatThrownBy(() -> verifyWithHeader(validEntry().substring(0, 20)))
                .isInstanceOf(NoMatchingSignatureException.class);
    }

    @Test
    void aHeaderWithNoVersionedEntryIsMalformed() {
        assertThatThrownBy(() -> verifyWithHeader("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="))
                .isInstanceOfSatisfying(MalformedHeaderException.class,
                        e -> assertThat(e.headerName()).isEqualTo("webhook-signature"))
                .hasMessageContaining("webhook-signature");
    }

    @Test
    void toleratesExtraWhitespaceBetweenEntries() {
        assertThatCode(() -> verifyWithHeader("  " + DECOY + "   " + validEntry() + "\t")).doesNotThrowAnyException();
    }

    @Test
    void readsASignatureHeaderSplitOverSeveralLinesAsOneList() {
        Map<String, List<String>> headers = headers(ID, Long.toString(NOW), DECOY);
        headers.put("Webhook-Signature", List.of(DECOY, validEntry()));

        assertThatCode(() -> verifierAt(NOW, SECRET).verify(BODY, headers)).doesNotThrowAnyException();
    }
}
