package dev.postcard.sending;

import dev.postcard.event.EventType;
import java.util.Arrays;
import java.util.Locale;

/** What one step of a recipient's copy came to: each is announced by one event. */
enum Outcome {
    SENT(EventType.EMAIL_SENT),
    BOUNCED(EventType.EMAIL_BOUNCED),
    FAILED(EventType.EMAIL_FAILED),
    DROPPED(EventType.EMAIL_DROPPED),
    CANCELED(EventType.EMAIL_CANCELED),
    /** A temporary failure that will be retried. */
    DELAYED(EventType.EMAIL_DELIVERY_DELAYED);

    private final EventType event;

    Outcome(EventType event) {
        this.event = event;
    }

    EventType event() {
        return event;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Outcome fromWireName(String name) {
        return Arrays.stream(values()).filter(o -> o.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown send outcome " + name));
    }
}
