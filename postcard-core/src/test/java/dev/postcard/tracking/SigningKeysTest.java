package dev.postcard.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigningKeysTest {
    private static final byte[] SECRET_A = new byte[32];
    private static final byte[] SECRET_B = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            SECRET_A[i] = (byte) i;
            SECRET_B[i] = (byte) (255 - i);
        }
    }

    @Test
    void encodesAsOneSettingString() {
        SigningKeys keys = SigningKeys.of(List.of(new SigningKey(1, SECRET_A), new SigningKey(2, SECRET_B)), 2);

        String a = Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET_A);
        String b = Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET_B);
        assertThat(keys.encode()).isEqualTo("1:" + a + ",2:" + b + ";current=2");
    }

    @Test
    void parseReadsWhatEncodeWrote() {
        SigningKeys keys = SigningKeys.generate().rotate().rotate();

        SigningKeys parsed = SigningKeys.parse(keys.encode());

        assertThat(parsed).isEqualTo(keys);
        assertThat(parsed.current().id()).isEqualTo(3);
        assertThat(parsed.all()).extracting(SigningKey::id).containsExactly(1, 2, 3);
        assertThat(parsed.find(2).orElseThrow().secret()).isEqualTo(keys.find(2).orElseThrow().secret());
    }

    @Test
    void currentDefaultsToTheLastKeyAndSpacesAreIgnored() {
        String a = Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET_A);
        String b = Base64.getUrlEncoder().encodeToString(SECRET_B); // padding accepted too

        SigningKeys keys = SigningKeys.parse(" 5:" + a + " , 9:" + b + " ");

        assertThat(keys.current().id()).isEqualTo(9);
        assertThat(keys.find(5).orElseThrow().secret()).isEqualTo(SECRET_A);
    }

    @Test
    void rejectsBrokenSettings() {
        String a = Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET_A);
        assertThatThrownBy(() -> SigningKeys.parse("")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> SigningKeys.parse("1:" + a + ";current=2")).hasMessageContaining("current key id 2");
        assertThatThrownBy(() -> SigningKeys.parse("1:" + a + ",1:" + a)).hasMessageContaining("twice");
        assertThatThrownBy(() -> SigningKeys.parse("300:" + a)).hasMessageContaining("between 0 and 255");
        assertThatThrownBy(() -> SigningKeys.parse("1:c2hvcnQ")).hasMessageContaining("32-byte");
        assertThatThrownBy(() -> SigningKeys.parse("1:not base64!")).hasMessageContaining("base64");
        assertThatThrownBy(() -> SigningKeys.parse("x:" + a)).hasMessageContaining("not a key id");
        assertThatThrownBy(() -> SigningKeys.parse("1:" + a + ";newest=1")).hasMessageContaining("unknown option");
    }

    @Test
    void rotationSkipsIdsInUseAndWrapsAt255() {
        SigningKeys keys = SigningKeys.of(List.of(SigningKey.generate(255), SigningKey.generate(0)), 255);

        SigningKeys rotated = keys.rotate();

        assertThat(rotated.current().id()).isEqualTo(1);
        assertThat(rotated.all()).extracting(SigningKey::id).containsExactly(255, 0, 1);
    }

    @Test
    void theCurrentKeyCannotBeRetired() {
        SigningKeys keys = SigningKeys.generate();

        assertThatThrownBy(() -> keys.without(1)).hasMessageContaining("current key");
    }

    @Test
    void secretsNeverAppearInToString() {
        SigningKey key = new SigningKey(1, SECRET_A);
        String encodedSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET_A);

        assertThat(key.toString()).doesNotContain(encodedSecret).contains("redacted");
        assertThat(SigningKeys.of(List.of(key), 1).toString()).doesNotContain(encodedSecret);
    }

    @Test
    void keysCopyTheirSecret() {
        byte[] secret = SECRET_A.clone();
        SigningKey key = new SigningKey(1, secret);
        secret[0] = 42;
        key.secret()[1] = 42;

        assertThat(key.secret()).isEqualTo(SECRET_A);
    }

    @Test
    void generatedKeysAreRandom() {
        assertThat(SigningKey.generate(1).secret()).hasSize(32).isNotEqualTo(SigningKey.generate(1).secret());
    }
}
