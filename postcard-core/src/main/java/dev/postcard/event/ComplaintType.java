package dev.postcard.event;

/**
 * The feedback types of the Abuse Reporting Format (RFC 5965 and IANA's registry), the {@code complaint_type} of
 * an {@code email.complained} event. A report may name a type outside the registry; it is kept as it came.
 */
public enum ComplaintType {
    ABUSE("abuse"),
    AUTH_FAILURE("auth-failure"),
    FRAUD("fraud"),
    NOT_SPAM("not-spam"),
    OTHER("other"),
    VIRUS("virus");

    private final String wireName;

    ComplaintType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

}
