package dev.postcard;

import java.util.List;
import java.util.Optional;

/** One page of a list, with the opaque cursor of the next page when there is one. */
public record Page<T>(List<T> items, Optional<String> nextCursor) {
    public Page {
        items = List.copyOf(items);
    }

    /** What a store requires of the largest page asked for: at least one item. */
    public static void requireLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }
}
