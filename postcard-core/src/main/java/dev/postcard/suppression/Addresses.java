package dev.postcard.suppression;

import dev.postcard.InvalidInputException;
import dev.postcard.event.EmailAddress;
import dev.postcard.event.StorableText;
import java.util.Locale;

/** Suppressed addresses: the shape events accept for {@code data.to}, compared and stored lower-case. */
final class Addresses {

    private Addresses() {
    }

    /** The lower-cased address, or {@link InvalidInputException} naming {@code field}. */
    public static String normalise(String field, String address) {
        if (address == null || !StorableText.isStorable(address) || !EmailAddress.isAddress(address)) {
            throw new InvalidInputException(field, field + " must be an email address");
        }
        return address.toLowerCase(Locale.ROOT);
    }
}
