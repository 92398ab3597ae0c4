package dev.postcard.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmailAddressTest {

    @Test
    void anAddressIsStrippedAndLowerCased() {
        assertThat(EmailAddress.parse("  Ada.Lovelace+news@Example.COM \n"))
                .contains(new EmailAddress("ada.lovelace+news@example.com"));
        assertThat(EmailAddress.parse("josé@bücher.example").map(EmailAddress::domain)).contains("bücher.example");
    }

    @Test
    void whatIsNotOneAddressIsRefused() {
        for (String text : new String[] {"", "ada", "@example.com", "ada@", "ada@@example.com", "a@b@c",
                "ada lovelace@example.com", "Ada <ada@example.com>", "<ada@example.com>", "ada@exa mple.com",
                "x".repeat(65) + "@example.com", "ada@" + "x".repeat(256)}) {
            assertThat(EmailAddress.parse(text)).as(text).isEmpty();
            assertThat(EmailAddress.isAddress(text)).as(text).isFalse();
        }
        assertThat(EmailAddress.parse(null)).isEqualTo(Optional.empty());
        assertThat(EmailAddress.isAddress("x".repeat(64) + "@" + "y".repeat(255))).as("the longest: 320").isTrue();
    }

    @Test
    void theValueIsAlwaysNormalised() {
        assertThatThrownBy(() -> new EmailAddress("Ada@example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EmailAddress(" ada@example.com")).isInstanceOf(IllegalArgumentException.class);
    }
}
