package dev.postcard.bounces.intake;

import dev.postcard.event.IdPrefix;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A VERP return path, {@code <local>+<msg_id>@<bounce domain>}: the envelope sender Postcard gives a message so
 * that its bounce comes back addressed to the message itself, whatever the bounce says or leaves out.
 *
 * @param local   the mailbox part before {@code +} ({@code bounce})
 * @param emailId Postcard's {@code msg_} id
 * @param domain  the bounce domain, lower case
 */
record VerpAddress(String local, String emailId, String domain) {

    public VerpAddress {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(domain, "domain");
        if (local.isEmpty() || local.contains("@") || local.contains("+")) {
            throw new IllegalArgumentException("a VERP local part is a plain mailbox name: " + local);
        }
        if (!IdPrefix.MESSAGE.matches(emailId)) {
            throw new IllegalArgumentException("not a message id: " + emailId);
        }
        domain = domain.toLowerCase(Locale.ROOT);
    }

    /** The return path for a message: {@code bounce+msg_...@bounces.example.com}. */
    public static String format(String local, String emailId, String domain) {
        return new VerpAddress(local, emailId, domain).toString();
    }

    /**
     * Reads a VERP address, with or without angle brackets, at one of {@code bounceDomains} (any domain when none
     * is given: the message id is still checked). Empty for any other address.
     */
    public static Optional<VerpAddress> parse(String address, Collection<String> bounceDomains) {
        if (address == null) {
            return Optional.empty();
        }
        String a = address.strip();
        if (a.startsWith("<") && a.endsWith(">")) {
            a = a.substring(1, a.length() - 1).strip();
        }
        int at = a.lastIndexOf('@');
        int plus = at < 0 ? -1 : a.lastIndexOf('+', at);
        if (plus <= 0 || at == a.length() - 1) {
            return Optional.empty();
        }
        String local = a.substring(0, plus);
        String id = a.substring(plus + 1, at);
        String domain = a.substring(at + 1).toLowerCase(Locale.ROOT);
        boolean ourDomain = bounceDomains.isEmpty()
                || bounceDomains.stream().anyMatch(d -> d.equalsIgnoreCase(domain));
        // Mail systems may fold the local part's case; the id's ULID is case-insensitive, its prefix is not.
        String emailId = id.length() > 4 && id.regionMatches(true, 0, IdPrefix.MESSAGE.prefix(), 0, 4)
                ? IdPrefix.MESSAGE.prefix() + id.substring(4).toUpperCase(Locale.ROOT) : id;
        if (!ourDomain || local.contains("@") || local.contains("+") || !IdPrefix.MESSAGE.matches(emailId)) {
            return Optional.empty();
        }
        return Optional.of(new VerpAddress(local, emailId, domain));
    }

    @Override
    public String toString() {
        return local + "+" + emailId + "@" + domain;
    }
}
