package dev.postcard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import org.junit.jupiter.api.Test;

class CursorsTest {

    @Test
    void positionsSurviveTheRoundTripIncludingColons() {
        String cursor = Cursors.encode("api_keys", 1234L, "key:with:colons");

        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(Cursors.decode("api_keys", cursor, 2)).containsExactly("1234", "key:with:colons");
    }

    @Test
    void cursorOfAnotherListIsRefused() {
        String cursor = Cursors.encode("tenants", "acme");

        assertThatThrownBy(() -> Cursors.decode(Cursors.EVENTS, cursor, 1))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
    }

    @Test
    void nonNumericPositionIsRefused() {
        assertThatThrownBy(() -> Cursors.number("12a")).isInstanceOf(InvalidInputException.class);
    }
}
