package dev.postcard.event;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A recipient address as Postcard stores and compares it: lower case, one {@code @}, a local part of 1 to 64 and a
 * domain of 1 to 255 characters (RFC 5321's limits), neither holding white space, {@code <} or {@code >} (an
 * unquoted address never does; a display name or angle brackets mean the caller passed a header, not an
 * address). Deliberately loose otherwise: providers report what mail servers accepted, internationalised
 * addresses included, and refusing an odd but delivered address would lose its event. Every place that reads an
 * address from outside (events, provider webhooks, bounce mail, tracking, suppressions) goes through here, so an
 * address one of them accepts is accepted by all.
 */
public record EmailAddress(String value) {
    private static final Pattern SHAPE = Pattern.compile("[^@\\s<>]{1,64}@[^@\\s<>]{1,255}");

    public EmailAddress {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches() || !value.equals(value.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("not a normalised email address: " + value);
        }
    }

    /** The address in {@code text} (surrounding white space and case do not matter), if it is one. */
    public static Optional<EmailAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String candidate = text.strip();
        if (!isAddress(candidate)) {
            return Optional.empty();
        }
        return Optional.of(new EmailAddress(candidate.toLowerCase(Locale.ROOT)));
    }

    /** Whether {@code text}, as it is (no stripping), has the shape of an address. */
    public static boolean isAddress(String text) {
        return text != null && text.length() <= 320 && SHAPE.matcher(text).matches();
    }

    /** The domain: what follows the {@code @}. */
    public String domain() {
        return value.substring(value.indexOf('@') + 1);
    }

    @Override
    public String toString() {
        return value;
    }
}
