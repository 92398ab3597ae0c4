package dev.postcard.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The {@code bounce_reason} of an {@code email.bounced} event: why the message came back, in one vocabulary. */
public enum BounceReason {
    USER_UNKNOWN("user_unknown"),
    MAILBOX_FULL("mailbox_full"),
    HOST_UNKNOWN("host_unknown"),
    BLOCKED("blocked"),
    SPAM_DETECTED("spam_detected"),
    POLICY("policy"),
    EXPIRED("expired"),
    MESSAGE_TOO_LARGE("message_too_large"),
    CONTENT_REJECTED("content_rejected"),
    RATE_LIMITED("rate_limited"),
    SECURITY("security"),
    SYSTEM_ERROR("system_error"),
    NETWORK_ERROR("network_error"),
    SUPPRESSED_BY_PROVIDER("suppressed_by_provider"),
    UNDETERMINED("undetermined");

    private static final Map<String, BounceReason> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(BounceReason::wireName, Function.identity()));

    private final String wireName;

    BounceReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<BounceReason> fromWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    /** Every wire name: the values an event may carry. */
    public static Set<String> wireNames() {
        return Arrays.stream(values()).map(BounceReason::wireName).collect(Collectors.toUnmodifiableSet());
    }
}
