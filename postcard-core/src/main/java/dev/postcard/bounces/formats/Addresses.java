package dev.postcard.bounces.formats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds and normalises mail addresses: lower case, no angle brackets, display names or {@code rfc822;} prefix. */
public final class Addresses {
    static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\\-]+@[A-Za-z0-9](?:[A-Za-z0-9\\-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9\\-]*[A-Za-z0-9])?)*");

    /** RFC 6531 addresses (utf-8 address type of RFC 6533): letters and digits of any script. */
    private static final Pattern UNICODE_ADDRESS = Pattern.compile(
            "[\\p{L}\\p{N}\\p{M}!#$%&'*+/=?^_`{|}~.\\-]+@[\\p{L}\\p{N}](?:[\\p{L}\\p{N}\\p{M}\\-]*[\\p{L}\\p{N}\\p{M}])?"
                    + "(?:\\.[\\p{L}\\p{N}](?:[\\p{L}\\p{N}\\p{M}\\-]*[\\p{L}\\p{N}\\p{M}])?)*");

    private Addresses() {
    }

    /** The first address in a header or DSN field value ({@code rfc822; <a@b>}, {@code "Name" <a@b>}, ...). */
    public static Optional<String> first(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        int semi = v.indexOf(';');
        if (semi > 0 && semi < 12 && !v.substring(0, semi).contains("@")) {
            v = v.substring(semi + 1);
        }
        int lt = v.indexOf('<');
        int gt = v.indexOf('>', lt + 1);
        if (lt >= 0 && gt > lt) {
            Optional<String> inside = match(v.substring(lt + 1, gt));
            if (inside.isPresent()) {
                return inside;
            }
        }
        return match(v);
    }

    /** Like {@link #first(String)}, but accepts internationalised addresses; for DSN utf-8 address fields. */
    public static Optional<String> firstUnicode(String value) {
        Optional<String> ascii = first(value);
        if (ascii.isPresent() || value == null) {
            return ascii;
        }
        String v = value.strip();
        int semi = v.indexOf(';');
        if (semi > 0 && semi < 12) {
            v = v.substring(semi + 1);
        }
        Matcher m = UNICODE_ADDRESS.matcher(v.replaceAll("[<>]", " "));
        return m.find() ? Optional.of(normalise(m.group())) : Optional.empty();
    }

    public static List<String> all(String value) {
        List<String> found = new ArrayList<>();
        if (value == null) {
            return found;
        }
        Matcher m = ADDRESS.matcher(value);
        while (m.find()) {
            String a = normalise(m.group());
            if (!found.contains(a)) {
                found.add(a);
            }
        }
        return found;
    }

    private static Optional<String> match(String v) {
        Matcher m = ADDRESS.matcher(v);
        return m.find() ? Optional.of(normalise(m.group())) : Optional.empty();
    }

    static String normalise(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        while (a.startsWith(".")) {
            a = a.substring(1);
        }
        while (a.endsWith(".")) {
            a = a.substring(0, a.length() - 1);
        }
        return a;
    }
}
