package dev.postcard.bounces.formats;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The report's own prose, cut where the returned original (its headers or a copy) begins. */
final class ReportText {
    /** A decorated separator line about the original ("------ This is a copy of the message ------"). */
    private static final Pattern DECORATED_MARKER = Pattern.compile("(?i)^\\s*[-=_*#]{2,}.*(?:original|copy|returned|"
            + "undelivered|unsent|header|message follows|rfc822|orig).*$");
    /** The sentences MTAs put before the copy of the original. */
    private static final Pattern SENTENCE_MARKER = Pattern.compile("(?i)^\\s*(?:.*below (?:this line )?is a copy|"
            + ".*this is a copy of (?:the|your) message|.*original message follows|.*original message headers?|"
            + ".*headers of the original message|.*header of the original message|.*copy of the original message|"
            + ".*returned message follows|.*following is a copy|.*message headers follow|original message:?\\s*$|"
            + ".*content-type: message/rfc822|.*your message reads|.*原文|.*元のメッセージ).*$");
    private static final Pattern STRONG_HEADER = Pattern.compile("(?i)^(received|return-path|message-id|mime-version|"
            + "content-type|content-transfer-encoding|dkim-signature|x-[a-z0-9\\-]+|delivered-to|in-reply-to|references):.*");
    private static final Pattern HEADER_LINE = Pattern.compile("^[A-Za-z][A-Za-z0-9\\-]{1,40}: ?.*$");
    private static final Pattern KEY_HEADER = Pattern.compile("(?i)^(received|return-path|message-id|from|to|subject|"
            + "date|mime-version|content-type|dkim-signature|x-[a-z0-9\\-]+|delivered-to|reply-to):.*");

    private ReportText() {
    }

    public static List<String> lines(String text) {
        return Arrays.asList(text.split("\r?\n|\r", -1));
    }

    /** Lines of the report before the returned original. */
    public static List<String> reportLines(String text) {
        List<String> lines = lines(text);
        return lines.subList(0, originalStart(lines));
    }

    /** Index of the first line of the returned original (a marker line or a block of 3+ header lines). */
    public static int originalStart(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.length() < 120 && (DECORATED_MARKER.matcher(line).matches()
                    || SENTENCE_MARKER.matcher(line).matches()) && !mentionsDelivery(line)) {
                return i;
            }
            if (KEY_HEADER.matcher(line).matches() && i + 2 < lines.size()
                    && headerish(lines.get(i + 1)) && headerish(lines.get(i + 2)) && strongHeaderNear(lines, i)) {
                return i;
            }
        }
        return lines.size();
    }

    /** A quoted header block has trace or MIME fields; a report's "To: / Date: / Subject:" summary does not. */
    private static boolean strongHeaderNear(List<String> lines, int from) {
        for (int i = from; i < lines.size() && i < from + 12; i++) {
            if (STRONG_HEADER.matcher(lines.get(i)).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsDelivery(String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        return lower.contains("could not") || lower.contains("couldn't") || lower.contains("was not")
                || lower.contains("failed") || lower.contains("your original message");
    }

    private static boolean headerish(String line) {
        return HEADER_LINE.matcher(line).matches() || (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t'));
    }

    /** The header fields of the original the report quotes in its text (empty when there is none). */
    public static List<dev.postcard.bounces.mime.MailPart.Header> quotedHeaders(String text) {
        List<String> lines = lines(text);
        int start = originalStart(lines);
        for (int i = start; i < lines.size() && i < start + 40; i++) {
            if (HEADER_LINE.matcher(lines.get(i).strip()).matches()) {
                List<String> block = new java.util.ArrayList<>();
                for (int j = i; j < lines.size() && !lines.get(j).isBlank(); j++) {
                    block.add(lines.get(j).strip().isEmpty() ? "" : lines.get(j).replaceFirst("^ {1,3}(?=\\S)", ""));
                }
                return dev.postcard.bounces.mime.HeaderFields.all(String.join("\n", block));
            }
        }
        return List.of();
    }

    /** The quoted original after the report, if the report quoted one. */
    public static String originalPart(String text) {
        List<String> lines = lines(text);
        int start = originalStart(lines);
        return String.join("\n", lines.subList(start, lines.size()));
    }
}
