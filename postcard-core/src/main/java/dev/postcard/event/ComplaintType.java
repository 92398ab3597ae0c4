package dev.postcard.event;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

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

    /** The registered type that {@code text} names, in any case. */
    public static Optional<ComplaintType> of(String text) {
        String name = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
