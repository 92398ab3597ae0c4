package dev.postcard.sending;

import dev.postcard.event.EmailAddress;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An address as a send names it: {@code a@x.org} or {@code Ada Lovelace <a@x.org>}. {@code text} is kept as given
 * for the headers; {@code address} is the bare address, as {@link EmailAddress} stores it.
 */
record Mailbox(String text, EmailAddress address) {
    private static final Pattern NAMED = Pattern.compile("(?s)(.*)<([^<>]*)>\\s*");

    /** The mailbox in {@code text}, if its address is one; never one holding a line break (header injection). */
    static Optional<Mailbox> parse(String text) {
        if (text == null || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            return Optional.empty();
        }
        String stripped = text.strip();
        Matcher named = NAMED.matcher(stripped);
        String address = named.matches() ? named.group(2) : stripped;
        return EmailAddress.parse(address).map(a -> new Mailbox(stripped, a));
    }
}
