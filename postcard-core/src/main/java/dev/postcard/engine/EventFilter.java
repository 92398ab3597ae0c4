package dev.postcard.engine;

import dev.postcard.InvalidInputException;
import dev.postcard.event.EventType;
import java.util.EnumSet;
import java.util.Set;

/**
 * A subscription filter: exact types, {@code email.*}, {@code *}, or the short aliases
 * ({@code delivered} = {@code email.delivered}).
 */
public record EventFilter(Set<EventType> types) {

    public EventFilter {
        types = Set.copyOf(types);
    }

    public static EventFilter parse(String pattern) {
        return new EventFilter(resolve(pattern));
    }

    public boolean matches(EventType type) {
        return types.contains(type);
    }

    /** The types one pattern stands for; {@link InvalidInputException} for a pattern that names none. */
    public static Set<EventType> resolve(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new InvalidInputException("events", "an event filter must not be empty");
        }
        String p = pattern.trim();
        if (p.equals("*")) {
            return EnumSet.allOf(EventType.class);
        }
        if (p.equals("email.*")) {
            return EnumSet.copyOf(EventType.emailTypes());
        }
        return EventType.fromNameOrAlias(p).map(EnumSet::of)
                .orElseThrow(() -> new InvalidInputException("events", "unknown event type '" + p + "'"));
    }
}
