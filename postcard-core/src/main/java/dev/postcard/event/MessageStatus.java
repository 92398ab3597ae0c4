package dev.postcard.event;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a message stands in delivery. Ranks make the status monotonic: an event that arrives late
 * (a delivery report after the bounce) never moves a message back.
 */
public enum MessageStatus {
    CREATED(0), SENT(1), DELAYED(2), DELIVERED(3), FAILED(4), DROPPED(4), BOUNCED(5), COMPLAINED(6);

    private final int rank;

    MessageStatus(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MessageStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The status an event moves its message to, if it is a delivery-side event. */
    public static Optional<MessageStatus> after(EventType type) {
        return Optional.ofNullable(switch (type) {
            case EMAIL_SENT -> SENT;
            case EMAIL_DELIVERY_DELAYED -> DELAYED;
            case EMAIL_DELIVERED -> DELIVERED;
            case EMAIL_FAILED -> FAILED;
            case EMAIL_DROPPED -> DROPPED;
            case EMAIL_BOUNCED -> BOUNCED;
            case EMAIL_COMPLAINED -> COMPLAINED;
            default -> null;
        });
    }
}
