package dev.postcard.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import dev.postcard.event.EventType;
import org.junit.jupiter.api.Test;

class EventFilterTest {
    @Test
    void exactTypesAliasesAndWildcards() {
        assertThat(EventFilter.parse("email.opened").types()).containsExactly(EventType.EMAIL_OPENED);
        assertThat(EventFilter.parse("delivered").types()).containsExactly(EventType.EMAIL_DELIVERED);
        assertThat(EventFilter.parse("email.*").types()).containsExactlyInAnyOrderElementsOf(EventType.emailTypes());
        assertThat(EventFilter.parse("*").matches(EventType.API_KEY_CREATED)).isTrue();
        assertThat(EventFilter.parse("email.*").matches(EventType.API_KEY_CREATED)).isFalse();
    }

    @Test
    void unknownPatternsAreRefused() {
        assertThatThrownBy(() -> EventFilter.parse("email.teleported")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> EventFilter.parse(" ")).isInstanceOf(InvalidInputException.class);
    }
}
