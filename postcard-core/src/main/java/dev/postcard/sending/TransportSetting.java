package dev.postcard.sending;

import dev.postcard.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * One transport URL of the settings with Postcard's own options read off: {@code name} (what events carry in
 * {@code data.transport} and tenants choose by; by default the transport's kind) and {@code rate} (hand-overs
 * started per second through it). {@link #url} is the rest, for the transport's own parser. Errors name the setting
 * and never quote the URL, which may hold a secret.
 */
record TransportSetting(String name, OptionalInt rate, String url) {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern RATE = Pattern.compile("[0-9]{1,9}");

    /** Reads the options of {@code url}, given in {@code setting}. */
    static TransportSetting read(String setting, String url) {
        String text = url.strip();
        String kind = kind(text);
        int hash = text.indexOf('#');
        String fragment = hash < 0 ? "" : text.substring(hash);
        String beforeFragment = hash < 0 ? text : text.substring(0, hash);
        int question = beforeFragment.indexOf('?');
        if (question < 0) {
            return new TransportSetting(kind, OptionalInt.empty(), text);
        }
        String name = null;
        String rate = null;
        List<String> kept = new ArrayList<>();
        for (String pair : beforeFragment.substring(question + 1).split("&", -1)) {
            int eq = pair.indexOf('=');
            String key = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (key.equals("name")) {
                name = once(setting, kind, "name", name, value);
            } else if (key.equals("rate")) {
                rate = once(setting, kind, "rate", rate, value);
            } else {
                kept.add(pair);
            }
        }
        String rest = beforeFragment.substring(0, question) + (kept.isEmpty() ? "" : "?" + String.join("&", kept))
                + fragment;
        return new TransportSetting(name == null ? kind : checkedName(setting, kind, name),
                rate == null ? OptionalInt.empty() : OptionalInt.of(checkedRate(setting, kind, rate)), rest);
    }

    /** {@code smtp} for relays (plain or TLS), the scheme for the provider APIs. */
    private static String kind(String url) {
        int colon = url.indexOf("://");
        String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
        return scheme.equals("smtps") ? "smtp" : scheme;
    }

    private static String once(String setting, String kind, String option, String before, String value) {
        if (before != null) {
            throw invalid(setting, kind + ": the option " + option + " is given twice");
        }
        return value;
    }

    private static String checkedName(String setting, String kind, String name) {
        if (!NAME.matcher(name).matches()) {
            throw invalid(setting, kind + ": name must be 1 to 64 letters, digits, - or _");
        }
        return name;
    }

    private static int checkedRate(String setting, String kind, String rate) {
        if (!RATE.matcher(rate).matches() || Integer.parseInt(rate) < 1) {
            throw invalid(setting, kind + ": rate must be a whole number of messages per second, at least 1");
        }
        return Integer.parseInt(rate);
    }

    private static InvalidInputException invalid(String setting, String message) {
        return new InvalidInputException(setting, setting + ": " + message);
    }

    @Override
    public String toString() {
        return "TransportSetting[" + name + "]";
    }
}
