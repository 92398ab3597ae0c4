package dev.postcard.sending;

import java.util.Arrays;
import java.util.Locale;

/** Where one recipient's copy of a send stands. */
public enum SendStatus {
    /** Waiting for its turn (or for a retry). */
    QUEUED,
    /** Held until the send's {@code send_at}. */
    SCHEDULED,
    /** Claimed by an engine that is handing it over. */
    SENDING,
    SENT,
    BOUNCED,
    FAILED,
    /** Never handed over: the address is invalid or suppressed. */
    DROPPED,
    CANCELED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SendStatus fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown send status " + name));
    }
}
