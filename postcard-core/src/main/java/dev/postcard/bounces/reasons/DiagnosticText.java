package dev.postcard.bounces.reasons;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The remote server's text prepared for phrase matching: lower case, one space between words, and the repeated
 * {@code 550-5.1.1} prefixes of multi-line SMTP replies removed so a phrase broken over reply lines still matches.
 */
final class DiagnosticText {
    /** Longer text is cut: the reason is in the first lines, and a cap keeps matching fast on hostile input. */
    static final int MAX_CHARS = 4096;

    private static final Pattern CONTINUATION =
            Pattern.compile("(?<=\\s)[245]\\d\\d(?:-|\\s(?=[245]\\.\\d))(?:[245]\\.\\d{1,3}\\.\\d{1,3}\\s)?");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private DiagnosticText() {
    }

    /** Lower case, single spaces, capped: where the reply and status codes are read. */
    static String flatten(String diagnostic) {
        if (diagnostic == null || diagnostic.isEmpty()) {
            return "";
        }
        String text = diagnostic.length() > MAX_CHARS ? diagnostic.substring(0, MAX_CHARS) : diagnostic;
        return SPACES.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }

    /**
     * {@link #flatten Flattened} text without reply-line prefixes and without mail addresses: an address is not
     * evidence ({@code <filtered@example.org>... User unknown} is about an unknown user).
     */
    static String forPhrases(String flat) {
        String text = withoutAddresses(CONTINUATION.matcher(flat).replaceAll(""));
        return SPACES.matcher(text).replaceAll(" ").strip();
    }

    /** Each word holding an {@code @} becomes a space; linear, whatever the input. */
    private static String withoutAddresses(String text) {
        int at = text.indexOf('@');
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (at >= 0) {
            int start = at;
            while (start > copied && !isDelimiter(text.charAt(start - 1))) {
                start--;
            }
            int end = at + 1;
            while (end < text.length() && !isDelimiter(text.charAt(end))) {
                end++;
            }
            out.append(text, copied, start).append(' ');
            copied = end;
            at = text.indexOf('@', end);
        }
        return out.append(text, copied, text.length()).toString();
    }

    private static boolean isDelimiter(char c) {
        return Character.isWhitespace(c) || "<>()[]\"',;:=/@".indexOf(c) >= 0;
    }
}
