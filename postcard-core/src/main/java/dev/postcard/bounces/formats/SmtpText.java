package dev.postcard.bounces.formats;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads SMTP reply codes, RFC 3463 status codes and the failed command out of free diagnostic text. */
public final class SmtpText {
    /**
     * x.y.z with class 2, 4 or 5 and one of the eight RFC 3463 subjects (0-7); not a piece of an IP address or of a
     * version number such as {@code Exim 4.92.3}.
     */
    private static final Pattern STATUS = Pattern.compile("(?<![\\d.])([245])\\.([0-7])\\.(\\d{1,3})(?![\\d]|\\.\\d)");
    private static final Pattern PAIRED = Pattern.compile(
            "(?<![\\d.])[245]\\d\\d[ \\-]['\"(]?([245])\\.([0-7])\\.(\\d{1,3})(?![\\d]|\\.\\d)");
    /** A 3-digit reply code standing alone (optionally "#550", "550-", "550 "), not inside a number or a time. */
    private static final Pattern REPLY = Pattern.compile("(?<![\\d.,/\\-+=@\\w])(?<!\\d:)#?([245][0-5]\\d)(?=[ \\-\\]\"'),]|$)");
    /**
     * The command a reply answered, as MTAs word it: Postfix "(in reply to RCPT TO command)" / "(in reply to end of
     * DATA command)", Exim "after RCPT TO:&lt;...&gt;" / "after pipelined MAIL FROM" / "after end of data", qmail
     * "most progress was RCPT TO response", DragonFly "did not like our RCPT TO", 1&amp;1 "for TEXT command" (its
     * name for the message text, i.e. DATA), Yahoo's "[RCPT_TO]" tag.
     */
    private static final Pattern COMMAND = Pattern.compile(
            "(?i:\\b(?:after|in reply to|response to|while sending|during|for|progress was|did not like our)"
                    + "\\s+(?:the\\s+)?(?:pipelined\\s+)?|\\[)"
                    // Upper case only: "for mail" or "during data transfer" in prose are not commands.
                    + "(RCPT(?:[ _]TO)?|MAIL[ _]FROM|DATA|TEXT(?= command)|EHLO|HELO|LHLO|STARTTLS|AUTH|BDAT)\\b");
    /** Postfix "in reply to end of DATA command", Exim "after end of data". */
    private static final Pattern END_OF_DATA = Pattern.compile("(?i)\\bend of data\\b");
    /** Exim: "SMTP error from remote mail server after initial connection" (the greeting was refused). */
    private static final Pattern INITIAL_CONNECTION = Pattern.compile("(?i)\\bafter initial connection\\b");
    /**
     * qmail-remote's fixed sentences name the stage without naming the command: "Connected to X but greeting
     * failed", "... but my name was rejected" (HELO), "... but sender was rejected" (MAIL), "X does not like
     * recipient" (RCPT), "X failed after I sent the message" (DATA).
     */
    private static final Pattern QMAIL_CONN = Pattern.compile("(?i)\\bbut greeting failed\\b");
    private static final Pattern QMAIL_HELO = Pattern.compile("(?i)\\bbut my name was rejected\\b");
    private static final Pattern QMAIL_MAIL = Pattern.compile("(?i)\\bconnected to \\S+ but sender was rejected\\b");
    private static final Pattern QMAIL_RCPT = Pattern.compile("(?i)\\bdoes not like recipient\\b");
    private static final Pattern QMAIL_DATA = Pattern.compile("(?i)\\bfailed after I sent the message\\b");

    private SmtpText() {
    }

    public static Optional<String> status(String text) {
        if (text == null) {
            return Optional.empty();
        }
        // "550 5.7.1 ..." / "550-'5.7.1": the code that goes with a reply code is the server's own; prefer it.
        Matcher paired = PAIRED.matcher(text);
        if (paired.find()) {
            return Optional.of(paired.group(1) + "." + Integer.parseInt(paired.group(2)) + "."
                    + Integer.parseInt(paired.group(3)));
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
            String c = m.group(1).toUpperCase(Locale.ROOT).split("[ _]")[0];
            return Optional.of(c.equals("TEXT") ? "DATA" : c);
        }
        if (END_OF_DATA.matcher(text).find()) {
            return Optional.of("DATA");
        }
        if (INITIAL_CONNECTION.matcher(text).find() || QMAIL_CONN.matcher(text).find()) {
            return Optional.of("CONN");
        }
        if (QMAIL_HELO.matcher(text).find()) {
            return Optional.of("HELO");
        }
        if (QMAIL_MAIL.matcher(text).find()) {
            return Optional.of("MAIL");
        }
        if (QMAIL_RCPT.matcher(text).find()) {
            return Optional.of("RCPT");
        }
        if (QMAIL_DATA.matcher(text).find()) {
            return Optional.of("DATA");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("connection refused") || lower.contains("connection timed out")
                || lower.contains("while connecting") || lower.contains("lost connection")) {
            return Optional.of("CONN");
        }
        return Optional.empty();
    }

    private static final Pattern CONTINUATION = Pattern.compile("(?<=\\s)([245]\\d\\d)[ \\-](?:[245]\\.\\d{1,3}\\.\\d{1,3} )?");

    /**
     * Collapses whitespace and line breaks into single spaces and drops the code prefixes a multi-line SMTP reply
     * repeats on every line ({@code 550-5.1.1 ... 550-5.1.1 ... 550 5.1.1 ...}), keeping the first.
     */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ").strip();
        Matcher first = Pattern.compile("^([245]\\d\\d)[ \\-]").matcher(flat);
        if (!first.find()) {
            return flat;
        }
        String code = first.group(1);
        Matcher m = CONTINUATION.matcher(flat);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, m.group(1).equals(code) && m.start() > first.end() ? "" : Matcher.quoteReplacement(m.group()));
        }
        m.appendTail(out);
        return out.toString().replaceAll("\\s+", " ").strip();
    }

    /**
     * The status to report. Rule: a specific code ({@code X.Y.Z} other than {@code X.0.0}) that the remote server
     * gave in the diagnostic text wins over the reporting MTA's Status field when both are of the same class, because
     * the field is the MTA's summary (often generic: {@code 5.0.0}, {@code 5.1.0}, or its own queue-expiry
     * {@code 4.4.7}) while the diagnostic is the receiving server's own account. A diagnostic code of another class
     * is ignored (the field's class is the MTA's final verdict). Without a Status field the diagnostic's code is
     * used as it is.
     */
    public static Optional<String> chooseStatus(Optional<String> reported, String diagnostic) {
        Optional<String> fromText = status(diagnostic);
        if (reported.isEmpty()) {
            return fromText;
        }
        String r = reported.get();
        if (fromText.isPresent() && fromText.get().charAt(0) == r.charAt(0) && !fromText.get().endsWith(".0.0")) {
            return fromText;
        }
        return reported;
    }
}
