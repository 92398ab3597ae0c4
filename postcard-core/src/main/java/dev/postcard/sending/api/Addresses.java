package dev.postcard.sending.api;

import dev.postcard.sending.OutgoingMessage;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Addresses as the providers' APIs want them: split into address and display name, or shown with the name. */
final class Addresses {
    private Addresses() {
    }

    /**
     * How this copy's one recipient is shown when the API can deliver only to the addresses it shows: as the
     * send's {@code To} or {@code Cc} entry for that address, with its display name, else the bare address
     * (a {@code bcc} recipient).
     */
    static String shownRecipient(OutgoingMessage message) {
        String envelope = message.envelopeTo().strip().toLowerCase(Locale.ROOT);
        return Stream.concat(message.to().stream(), message.cc().stream())
                .filter(shown -> parse(shown).getAddress().strip().toLowerCase(Locale.ROOT).equals(envelope))
                .findFirst()
                .orElse(message.envelopeTo());
    }

    /** Whether the headers would show this copy's recipient and nobody else (no other {@code To}, no {@code Cc}). */
    static boolean showsOnlyItsRecipient(OutgoingMessage message) {
        return message.cc().isEmpty() && message.to().equals(List.of(shownRecipient(message)));
    }

    /** {@code "Ada <a@x.org>"} or {@code "a@x.org"} as an address with an optional display name. */
    static InternetAddress parse(String address) {
        try {
            return new InternetAddress(address, true);
        } catch (AddressException e) {
            // The send queue validated every address; one that does not parse is a defect upstream.
            throw new IllegalArgumentException("not an address: " + e.getMessage(), e);
        }
    }

    static Optional<String> name(InternetAddress address) {
        return Optional.ofNullable(address.getPersonal()).filter(n -> !n.isBlank());
    }
}
