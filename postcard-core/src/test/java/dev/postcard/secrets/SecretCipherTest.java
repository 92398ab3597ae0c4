package dev.postcard.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AES-256-GCM at rest: what a sealed value looks like, and every way one refuses to open. */
class SecretCipherTest {
    private static final String SECRET = "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0";
    private static final SecretSlot SLOT = new SecretSlot("webhooks.secret", "acme", "wh_01JDQ4Z6M7X9K2P8R5T3V1W0YA");
    private static final SecretsKey KEY_A = SecretsKey.generate();
    private static final SecretsKey KEY_B = SecretsKey.generate();

    private static SecretCipher under(SecretsKey current, SecretsKey... previous) {
        return new SecretCipher(SecretsKeys.of(current, List.of(previous)));
    }

    @Test
    void aSealedValueNamesItsFormatAndKeyAndOpensBackToTheSecret() {
        StoredSecret sealed = under(KEY_A).seal(SECRET, SLOT);

        assertThat(sealed.text()).startsWith("pcenc:v1:" + KEY_A.id() + ":").doesNotContain(SECRET)
                .doesNotContain(SECRET.substring("whsec_".length()));
        assertThat(sealed.sealed()).isTrue();
        assertThat(sealed.keyId()).hasValue(KEY_A.id());
        assertThat(under(KEY_A).open(sealed, SLOT)).isEqualTo(SECRET);
    }

    @Test
    void everySealingTakesAFreshNonce() {
        SecretCipher cipher = under(KEY_A);
        StoredSecret first = cipher.seal(SECRET, SLOT);
        StoredSecret second = cipher.seal(SECRET, SLOT);

        assertThat(first).isNotEqualTo(second);
        assertThat(Arrays.copyOf(payload(first), 12)).as("the nonces").isNotEqualTo(Arrays.copyOf(payload(second), 12));
        assertThat(cipher.open(first, SLOT)).isEqualTo(cipher.open(second, SLOT)).isEqualTo(SECRET);
    }

    @Test
    void aTamperedTagDoesNotOpen() {
        StoredSecret sealed = under(KEY_A).seal(SECRET, SLOT);
        byte[] payload = payload(sealed);
        payload[payload.length - 1] ^= 1;
        StoredSecret tampered = withPayload(sealed, payload);

        assertThatThrownBy(() -> under(KEY_A).open(tampered, SLOT)).isInstanceOf(UnreadableSecretException.class)
                .hasMessageContaining("webhooks.secret of " + SLOT.rowId()).hasMessageContaining("altered")
                .message().doesNotContain(SECRET);
    }

    @Test
    void aTamperedCiphertextDoesNotOpen() {
        StoredSecret sealed = under(KEY_A).seal(SECRET, SLOT);
        byte[] payload = payload(sealed);
        payload[13] ^= 1;

        assertThatThrownBy(() -> under(KEY_A).open(withPayload(sealed, payload), SLOT))
                .isInstanceOf(UnreadableSecretException.class);
    }

    @Test
    void aValueCopiedToAnotherRowTenantOrColumnDoesNotOpen() {
        StoredSecret sealed = under(KEY_A).seal(SECRET, SLOT);

        for (SecretSlot other : List.of(new SecretSlot(SLOT.column(), SLOT.tenantId(), "wh_01JDQ4Z6M7X9K2P8R5T3V1W0YB"),
                new SecretSlot(SLOT.column(), "evil", SLOT.rowId()),
                new SecretSlot("webhooks.previous_secret", SLOT.tenantId(), SLOT.rowId()),
                // The parts are cut apart by their lengths: moving characters from one to the next is another slot.
                new SecretSlot(SLOT.column(), "acmewh_", "01JDQ4Z6M7X9K2P8R5T3V1W0YA"))) {
            assertThatThrownBy(() -> under(KEY_A).open(sealed, other)).as("%s", other)
                    .isInstanceOf(UnreadableSecretException.class).hasMessageContaining("copied from another row");
        }
    }

    @Test
    void aValueWhoseKeyIdIsSwappedForAnotherHeldKeyDoesNotOpen() {
        StoredSecret sealed = under(KEY_A).seal(SECRET, SLOT);
        StoredSecret relabelled = new StoredSecret(sealed.text().replace(KEY_A.id(), KEY_B.id()));

        assertThatThrownBy(() -> under(KEY_B, KEY_A).open(relabelled, SLOT))
                .isInstanceOf(UnreadableSecretException.class).hasMessageContaining("does not decrypt under key " + KEY_B.id());
    }

    @Test
    void aValueUnderAKeyNotHeldNamesTheKeyAndTheSettingsToGive() {
        StoredSecret sealed = under(KEY_A).seal(SECRET, SLOT);

        assertThatThrownBy(() -> under(KEY_B).open(sealed, SLOT)).isInstanceOf(UnreadableSecretException.class)
                .hasMessageContaining("encrypted under key " + KEY_A.id())
                .hasMessageContaining("POSTCARD_SECRETS_KEY").hasMessageContaining("POSTCARD_SECRETS_PREVIOUS_KEYS");
        assertThatThrownBy(() -> SecretCipher.withoutKeys().open(sealed, SLOT))
                .isInstanceOf(UnreadableSecretException.class)
                .hasMessageContaining("is not given: set POSTCARD_SECRETS_KEY");
    }

    @Test
    void aPreviousKeyOpensAndResealingMovesTheValueToTheCurrentKey() {
        StoredSecret underA = under(KEY_A).seal(SECRET, SLOT);
        SecretCipher rotating = under(KEY_B, KEY_A);

        assertThat(rotating.open(underA, SLOT)).isEqualTo(SECRET);
        assertThat(rotating.isCurrent(underA)).isFalse();
        StoredSecret underB = rotating.reseal(underA, SLOT);
        assertThat(underB.keyId()).hasValue(KEY_B.id());
        assertThat(rotating.isCurrent(underB)).isTrue();
        assertThat(rotating.reseal(underB, SLOT)).as("what is current is left as it is").isSameAs(underB);
        assertThat(under(KEY_B).open(underB, SLOT)).isEqualTo(SECRET);
    }

    @Test
    void withoutAKeySecretsStayPlainAndPlainOnesAreReadAsTheyAre() {
        StoredSecret plain = SecretCipher.withoutKeys().seal(SECRET, SLOT);

        assertThat(plain.text()).isEqualTo(SECRET);
        assertThat(plain.sealed()).isFalse();
        assertThat(SecretCipher.withoutKeys().isCurrent(plain)).isTrue();
        assertThat(under(KEY_A).open(plain, SLOT)).as("stored before there was a key").isEqualTo(SECRET);
        assertThat(under(KEY_A).isCurrent(plain)).isFalse();
        assertThat(under(KEY_A).reseal(plain, SLOT).keyId()).hasValue(KEY_A.id());
    }

    @Test
    void aMalformedOrNewerValueIsRefusedForWhatItIs() {
        assertThatThrownBy(() -> under(KEY_A).open(new StoredSecret("pcenc:v1:" + KEY_A.id() + ":!!!"), SLOT))
                .isInstanceOf(UnreadableSecretException.class).hasMessageContaining("not a well-formed");
        assertThatThrownBy(() -> under(KEY_A).open(new StoredSecret("pcenc:v1:" + KEY_A.id() + ":AAAA"), SLOT))
                .isInstanceOf(UnreadableSecretException.class).hasMessageContaining("not a well-formed");
        assertThatThrownBy(() -> under(KEY_A).open(new StoredSecret("pcenc:v2:" + KEY_A.id() + ":AAAA"), SLOT))
                .isInstanceOf(UnreadableSecretException.class).hasMessageContaining("newer release");
    }

    @Test
    void whatIsShownNeverHoldsASecretOrAKey() {
        StoredSecret sealed = under(KEY_A).seal(SECRET, SLOT);

        assertThat(sealed.toString()).isEqualTo("StoredSecret[sealed under " + KEY_A.id() + "]");
        assertThat(new StoredSecret(SECRET).toString()).isEqualTo("StoredSecret[plain]");
        assertThat(under(KEY_B, KEY_A).toString()).doesNotContain(KEY_A.encoded()).doesNotContain(KEY_B.encoded())
                .contains(KEY_A.id(), KEY_B.id());
    }

    private static byte[] payload(StoredSecret sealed) {
        return Base64.getUrlDecoder().decode(sealed.text().substring(sealed.text().lastIndexOf(':') + 1));
    }

    private static StoredSecret withPayload(StoredSecret sealed, byte[] payload) {
        String header = sealed.text().substring(0, sealed.text().lastIndexOf(':') + 1);
        return new StoredSecret(header + Base64.getUrlEncoder().withoutPadding().encodeToString(payload));
    }
}
