package dev.postcard.event;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@code reason} of an {@code email.dropped} event: why a message was never handed over for delivery. */
public enum DropReason {
    SUPPRESSED("suppressed"),
    INVALID_ADDRESS("invalid_address"),
    PROVIDER("provider");

    private final String wireName;

    DropReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Every wire name: the values an event may carry. */
    public static Set<String> wireNames() {
        return Arrays.stream(values()).map(DropReason::wireName).collect(Collectors.toUnmodifiableSet());
    }
}
