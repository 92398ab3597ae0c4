package dev.postcard.providers;

import dev.postcard.event.BounceReason;
import dev.postcard.event.BounceType;
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
    public static BounceReason reason(String statusCode, String text) {
        String status = statusCode == null ? enhancedStatus(text).orElse("") : statusCode.trim();
        String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
        BounceReason fromText = fromText(lower);
        if (fromText != null) {
            return fromText;
        }
        String detail = status.length() >= 3 ? status.substring(2) : "";
        return switch (detail) {
            case "1.1", "1.0", "1.6", "1.10" -> BounceReason.USER_UNKNOWN;
            case "1.2" -> BounceReason.HOST_UNKNOWN;
            case "1.3", "5.2", "5.4" -> BounceReason.POLICY;
            case "2.2", "2.0" -> BounceReason.MAILBOX_FULL;
            case "2.1" -> BounceReason.BLOCKED;
            case "2.3", "3.4" -> BounceReason.MESSAGE_TOO_LARGE;
            case "4.1", "4.2", "4.0", "4.3" -> BounceReason.NETWORK_ERROR;
            case "4.4" -> BounceReason.HOST_UNKNOWN;
            case "4.7" -> BounceReason.EXPIRED;
            case "3.0", "3.1", "3.2", "3.5", "4.5" -> BounceReason.SYSTEM_ERROR;
            case "6.0", "6.1", "6.2", "6.3", "6.4", "6.5", "6.6" -> BounceReason.CONTENT_REJECTED;
            case "7.1" -> BounceReason.BLOCKED;
            case "7.0", "7.2", "7.3", "7.4", "7.5", "7.6", "7.7", "7.8", "7.9", "7.13", "7.14",
                 "7.15", "7.16", "7.17", "7.18", "7.19", "7.20", "7.21", "7.22", "7.23", "7.24", "7.25",
                 "7.26", "7.27", "7.28", "7.29", "7.30" -> BounceReason.SECURITY;
            default -> BounceReason.UNDETERMINED;
        };
    }

    /** Hard when the address will never work: unknown user or host; everything else is soft. */
    public static BounceType type(BounceReason reason) {
        return reason == BounceReason.USER_UNKNOWN || reason == BounceReason.HOST_UNKNOWN ? BounceType.HARD : BounceType.SOFT;
    }

    /** {@link #type(BounceReason)} of a reason given by its wire name; soft for a name outside the vocabulary. */
    public static BounceType type(String reason) {
        return type(BounceReason.fromWireName(reason).orElse(BounceReason.UNDETERMINED));
    }

    private static BounceReason fromText(String t) {
        if (t.isEmpty()) {
            return null;
        }
        if (contains(t, "user unknown", "unknown user", "no such user", "does not exist", "user not found",
                "recipient not found", "invalid recipient", "unknown recipient", "no mailbox", "mailbox unavailable",
                "address rejected", "not a valid mailbox", "account has been disabled", "account disabled",
                "mailbox not found", "no such recipient", "recipient address rejected", "invalid mailbox",
                "addressee unknown")) {
            return BounceReason.USER_UNKNOWN;
        }
        if (contains(t, "mailbox full", "over quota", "quota exceeded", "mailbox is full", "insufficient storage",
                "exceeded storage")) {
            return BounceReason.MAILBOX_FULL;
        }
        if (contains(t, "host not found", "domain not found", "no mx", "host unknown", "unrouteable", "unroutable",
                "domain does not exist", "name service error", "invalid domain", "nxdomain")) {
            return BounceReason.HOST_UNKNOWN;
        }
        if (contains(t, "spam", "junk")) {
            return BounceReason.SPAM_DETECTED;
        }
        if (contains(t, "virus", "malware", "content rejected", "message content")) {
            return BounceReason.CONTENT_REJECTED;
        }
        if (contains(t, "too large", "message size", "size limit", "too big")) {
            return BounceReason.MESSAGE_TOO_LARGE;
        }
        if (contains(t, "rate limit", "too many", "try again later", "throttl", "greylist", "graylist")) {
            return BounceReason.RATE_LIMITED;
        }
        if (contains(t, "blacklist", "blocklist", "blocked", "denied", "reputation", "listed")) {
            return BounceReason.BLOCKED;
        }
        if (contains(t, "expired", "timed out", "timeout")) {
            return BounceReason.EXPIRED;
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
