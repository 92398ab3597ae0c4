package dev.postcard.bounces;

/** What a message returned to the sender is; {@link #wireName()} is the {@code kind} of the classification JSON. */
public enum MessageKind {
    /** A delivery failure or delay report (RFC 3464 or an MTA's own format). */
    BOUNCE("bounce"),
    /** A feedback-loop complaint (RFC 5965 ARF, or a provider's own format). */
    COMPLAINT("complaint"),
    /** An out-of-office or other automatic reply (RFC 3834): never a bounce. */
    AUTO_REPLY("auto_reply"),
    /** A success report: every recipient was delivered, relayed or expanded. */
    DELIVERY_REPORT("delivery_report"),
    /** Anything else: ordinary mail. */
    NONE("none");

    private final String wireName;

    MessageKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
