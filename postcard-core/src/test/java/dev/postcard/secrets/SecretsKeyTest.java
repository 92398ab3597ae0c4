package dev.postcard.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** POSTCARD_SECRETS_KEY and POSTCARD_SECRETS_PREVIOUS_KEYS as an operator writes them. */
class SecretsKeyTest {
    private static final byte[] BYTES = new byte[32];

    static {
        for (int i = 0; i < BYTES.length; i++) {
            BYTES[i] = (byte) (i * 7 + 0xF0);
        }
    }

    @Test
    void aKeyIsReadFromStandardOrUrlSafeBase64AndItsIdComesFromIt() {
        SecretsKey standard = SecretsKey.parse("POSTCARD_SECRETS_KEY", Base64.getEncoder().encodeToString(BYTES) + "\n");
        SecretsKey urlSafe = SecretsKey.parse("POSTCARD_SECRETS_KEY",
                Base64.getUrlEncoder().withoutPadding().encodeToString(BYTES));

        assertThat(urlSafe).isEqualTo(standard);
        assertThat(urlSafe.id()).isEqualTo(standard.id()).matches("[0-9a-f]{12}");
        assertThat(standard.encoded()).isEqualTo(Base64.getEncoder().encodeToString(BYTES));
        assertThat(SecretsKey.generate().id()).isNotEqualTo(standard.id());
    }

    @Test
    void aKeyOfTheWrongSizeOrNotBase64IsRefusedNamingTheSettingNotTheValue() {
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> SecretsKey.parse("POSTCARD_SECRETS_KEY", short16))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("decodes to 16")
                .hasMessageNotContaining(short16)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_SECRETS_KEY");
        assertThatThrownBy(() -> SecretsKey.parse("POSTCARD_SECRETS_KEY", "not*base64*at*all"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("openssl rand -base64 32")
                .hasMessageNotContaining("not*base64");
    }

    @Test
    void theKeyIsNeverShown() {
        SecretsKey key = SecretsKey.generate();
        assertThat(key.toString()).isEqualTo("SecretsKey[id=" + key.id() + "]");
    }

    @Test
    void previousKeysAreCommaSeparatedAndNeedACurrentOne() {
        SecretsKey a = SecretsKey.generate();
        SecretsKey b = SecretsKey.generate();
        SecretsKey c = SecretsKey.generate();

        SecretsKeys keys = SecretsKeys.parse(Optional.of(c.encoded()), Optional.of(a.encoded() + " , " + b.encoded()));

        assertThat(keys.current()).hasValue(c);
        assertThat(keys.find(a.id())).hasValue(a);
        assertThat(keys.find(b.id())).hasValue(b);
        assertThat(SecretsKeys.parse(Optional.empty(), Optional.empty()).isEmpty()).isTrue();
        assertThatThrownBy(() -> SecretsKeys.parse(Optional.empty(), Optional.of(a.encoded())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("without POSTCARD_SECRETS_KEY")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_SECRETS_PREVIOUS_KEYS");
        assertThatThrownBy(() -> SecretsKeys.parse(Optional.of(c.encoded()), Optional.of("short")))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("POSTCARD_SECRETS_PREVIOUS_KEYS");
    }
}
