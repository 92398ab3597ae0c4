package dev.postcard.event;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code bounce_type} of an {@code email.bounced} event. Hard: the address will never work (unknown user or
 * host, moved, not accepting mail). Soft: everything else. Undetermined: the source did not say, and its words
 * did not settle it.
 */
public enum BounceType {
    HARD("hard"), SOFT("soft"), UNDETERMINED("undetermined");

    private final String wireName;

    BounceType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Every wire name: the values an event may carry. */
    public static Set<String> wireNames() {
        return Arrays.stream(values()).map(BounceType::wireName).collect(Collectors.toUnmodifiableSet());
    }
}
