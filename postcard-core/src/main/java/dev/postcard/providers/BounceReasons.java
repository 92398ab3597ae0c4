package dev.postcard.providers;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps what a provider knows about a bounce (an RFC 3463 enhanced status code, an SMTP reply, its text) to the
 * {@code bounce_reason} vocabulary of DESIGN §5. Providers that classify bounces themselves map their own
 * classes and use this only for what they leave open.
 */
public final class BounceReasons {
    private static final Pattern ENHANCED = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.])");

    private BounceReasons() {
    }

    /** The first RFC 3463 status code ({@code 5.1.1}) in a text, if there is one. */
    public static Optional<String> enhancedStatus(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = ENHANCED.matcher(text);
        return m.find() ? Optional.of(m.group(1) + "." + m.group(2) + "." + m.group(3)) : Optional.empty();
    }

    /** The reason for a status code and diagnostic text; {@code undetermined} when neither says. */
    public static String reason(String statusCode, String text) {
        String status = statusCode == null ? enhancedStatus(text).orElse("") : statusCode.trim();
        String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
        String fromText = fromText(lower);
        if (fromText != null) {
            return fromText;
        }
        String detail = status.length() >= 3 ? status.substring(2) : "";
        return switch (detail) {
            case "1.1", "1.0", "1.6", "1.10" -> "user_unknown";
            case "1.2" -> "host_unknown";
            case "1.3", "5.2", "5.4" -> "policy";
            case "2.2", "2.0" -> "mailbox_full";
            case "2.1" -> "blocked";
            case "2.3", "3.4" -> "message_too_large";
            case "4.1", "4.2", "4.0", "4.3" -> "network_error";
            case "4.4" -> "host_unknown";
            case "4.7" -> "expired";
            case "3.0", "3.1", "3.2", "3.5", "4.5" -> "system_error";
            case "6.0", "6.1", "6.2", "6.3", "6.4", "6.5", "6.6" -> "content_rejected";
            case "7.1" -> "blocked";
            case "7.0", "7.2", "7.3", "7.4", "7.5", "7.6", "7.7", "7.8", "7.9", "7.13", "7.14",
                 "7.15", "7.16", "7.17", "7.18", "7.19", "7.20", "7.21", "7.22", "7.23", "7.24", "7.25",
                 "7.26", "7.27", "7.28", "7.29", "7.30" -> "security";
            default -> "undetermined";
        };
    }

    /** Hard when the address will never work: unknown user or host; everything else is soft. */
    public static String type(String reason) {
        return "user_unknown".equals(reason) || "host_unknown".equals(reason) ? "hard" : "soft";
    }

    private static String fromText(String t) {
        if (t.isEmpty()) {
            return null;
        }
        if (contains(t, "user unknown", "unknown user", "no such user", "does not exist", "user not found",
                "recipient not found", "invalid recipient", "unknown recipient", "no mailbox", "mailbox unavailable",
                "address rejected", "not a valid mailbox", "account has been disabled", "account disabled",
                "mailbox not found", "no such recipient", "recipient address rejected", "invalid mailbox",
                "addressee unknown")) {
            return "user_unknown";
        }
        if (contains(t, "mailbox full", "over quota", "quota exceeded", "mailbox is full", "insufficient storage",
                "exceeded storage")) {
            return "mailbox_full";
        }
        if (contains(t, "host not found", "domain not found", "no mx", "host unknown", "unrouteable", "unroutable",
                "domain does not exist", "name service error", "invalid domain", "nxdomain")) {
            return "host_unknown";
        }
        if (contains(t, "spam", "junk")) {
            return "spam_detected";
        }
        if (contains(t, "virus", "malware", "content rejected", "message content")) {
            return "content_rejected";
        }
        if (contains(t, "too large", "message size", "size limit", "too big")) {
            return "message_too_large";
        }
        if (contains(t, "rate limit", "too many", "try again later", "throttl", "greylist", "graylist")) {
            return "rate_limited";
        }
        if (contains(t, "blacklist", "blocklist", "blocked", "denied", "reputation", "listed")) {
            return "blocked";
        }
        if (contains(t, "expired", "timed out", "timeout")) {
            return "expired";
        }
        return null;
    }

    private static boolean contains(String text, String... needles) {
        for (String n : needles) {
            if (text.contains(n)) {
                return true;
            }
        }
        return false;
    }
}
