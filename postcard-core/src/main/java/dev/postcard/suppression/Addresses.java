package dev.postcard.suppression;

import dev.postcard.InvalidInputException;
import dev.postcard.event.StorableText;
import java.util.Locale;
import java.util.regex.Pattern;

/** Suppressed addresses: the shape events accept for {@code data.to}, compared and stored lower-case. */
public final class Addresses {
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");

    private Addresses() {
    }

    /** The lower-cased address, or {@link InvalidInputException} naming {@code field}. */
    public static String normalise(String field, String address) {
        if (address == null || address.length() > 320 || !StorableText.isStorable(address)
                || !ADDRESS.matcher(address).matches()) {
            throw new InvalidInputException(field, field + " must be an email address");
        }
        return address.toLowerCase(Locale.ROOT);
    }
}
