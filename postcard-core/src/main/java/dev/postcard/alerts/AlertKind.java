package dev.postcard.alerts;

/** The rates that alerts watch (DESIGN §7), by their name in {@code alert.triggered}'s {@code data.kind}. */
public enum AlertKind {
    /** bounced / sent. */
    BOUNCE_RATE("bounce_rate", "bounced"),
    /** complained / delivered. */
    COMPLAINT_RATE("complaint_rate", "complained");

    private final String wireName;
    private final String countField;

    AlertKind(String wireName, String countField) {
        this.wireName = wireName;
        this.countField = countField;
    }

    public String wireName() {
        return wireName;
    }

    /** The field of the event data that carries the rate's numerator. */
    String countField() {
        return countField;
    }

    public static AlertKind of(String wireName) {
        for (AlertKind kind : values()) {
            if (kind.wireName.equals(wireName)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown alert kind " + wireName);
    }
}
