package dev.postcard.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookSecretsTest {
    @Test
    void generatedSecretsAreWhsecAndTwentyFourRandomBytes() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String secret = WebhookSecrets.generate();
            assertThat(secret).startsWith("whsec_");
            assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(24);
            assertThat(WebhookSecrets.validate(secret)).isEqualTo(secret);
            seen.add(secret);
        }
        assertThat(seen).hasSize(100);
    }

    @Test
    void plainSecretsUseTheirBytesAndMustBeLongEnough() {
        assertThat(WebhookSecrets.keyBytes("a-plain-secret-of-some-length")).hasSize(29);
        assertThat(WebhookSecrets.validate("0123456789abcdef")).isEqualTo("0123456789abcdef");
        assertThatThrownBy(() -> WebhookSecrets.validate("short"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("too short").hasMessageNotContaining("short\"");
    }

    @Test
    void malformedSecretsNameTheFieldAndNotTheValue() {
        for (String bad : new String[] {"", "   ", "whsec_!!!notbase64", "whsec_" + Base64.getEncoder().encodeToString(new byte[8]),
                "has a space in it 0123456789", "x".repeat(300)}) {
            assertThatThrownBy(() -> WebhookSecrets.validate(bad)).as(bad)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.field()).isEqualTo("secret");
                        if (bad.length() > 8) {
                            assertThat(e.getMessage()).doesNotContain(bad);
                        }
                    });
        }
    }
}
