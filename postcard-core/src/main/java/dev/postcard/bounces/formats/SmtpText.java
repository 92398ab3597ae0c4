package dev.postcard.bounces.formats;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads SMTP reply codes, RFC 3463 status codes and the failed command out of free diagnostic text. */
public final class SmtpText {
    /** x.y.z with class 2, 4 or 5; not a piece of an IP address or version number. */
    private static final Pattern STATUS = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d]|\\.\\d)");
    /** A 3-digit reply code standing alone (optionally "#550", "550-", "550 "), not inside a number or a time. */
    private static final Pattern REPLY = Pattern.compile("(?<![\\d.:,/\\-+=@\\w])#?([245][0-5]\\d)(?=[ \\-\\]\"')]|$)");
    private static final Pattern COMMAND = Pattern.compile(
            "(?i)\\b(?:after|in reply to|response to|while sending|during|for)\\s+(?:the\\s+)?(?:end of\\s+)?"
                    + "(RCPT(?: TO)?|MAIL(?: FROM)?|DATA|EHLO|HELO|STARTTLS|AUTH|BDAT|QUIT|RSET)\\b");

    private SmtpText() {
    }

    public static Optional<String> status(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = STATUS.matcher(text);
        return m.find() ? Optional.of(m.group(1) + "." + Integer.parseInt(m.group(2)) + "." + Integer.parseInt(m.group(3)))
                : Optional.empty();
    }

    public static Optional<String> replyCode(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = REPLY.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public static Optional<String> command(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = COMMAND.matcher(text);
        if (m.find()) {
            return Optional.of(m.group(1).toUpperCase(Locale.ROOT).split(" ")[0]);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("connection refused") || lower.contains("connection timed out")
                || lower.contains("while connecting") || lower.contains("lost connection")) {
            return Optional.of("CONN");
        }
        return Optional.empty();
    }

    /** Collapses whitespace and line breaks into single spaces. */
    public static String clean(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    /**
     * The status to report. Rule: the report's own Status wins unless it is missing or generic ({@code X.0.0});
     * then a code in the diagnostic text of the same class (or any class when the report gave none) is used,
     * because the remote server's code is the more specific account of the same failure.
     */
    public static Optional<String> chooseStatus(Optional<String> reported, String diagnostic) {
        Optional<String> fromText = status(diagnostic);
        if (reported.isEmpty()) {
            return fromText;
        }
        String r = reported.get();
        if (r.endsWith(".0.0") && fromText.isPresent() && fromText.get().charAt(0) == r.charAt(0)
                && !fromText.get().endsWith(".0.0")) {
            return fromText;
        }
        return reported;
    }
}
