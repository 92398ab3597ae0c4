package dev.postcard.bounces.formats;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which SMTP command a recipient's failure answered, read from the human-readable report when the recipient's own
 * diagnostic does not say. The stage matters to the reason: RFC 5321 has a server refuse an unknown mailbox at RCPT
 * TO, so the same words after DATA come from a filter, and a refusal at MAIL FROM is about the sender.
 *
 * <p>Two shapes are read. Session transcripts (Sendmail, Courier, Bigfoot and other MTAs quote the dialogue as
 * {@code >>> RCPT TO:<a@b>} followed by {@code <<< 550 ...}): the command is the line sent before the failing reply
 * that names the recipient, or (in a report about one recipient) before every failing reply when they all answered
 * the same command. Prose (Postfix, Exim, qmail): the paragraph that names the recipient, then, in a report about
 * one recipient, the stage the whole report names when it names only one.
 */
public final class SmtpCommands {
    private static final Pattern SENT = Pattern.compile("^\\s*>>>\\s*([A-Za-z]{4})\\b(.*)$");
    private static final Pattern REPLY = Pattern.compile("^\\s*<<<.*$");
    private static final Pattern FAILED_REPLY = Pattern.compile("^\\s*<<<\\s*[45]\\d\\d\\b.*$");
    /** The server's answer to DATA when no RCPT TO had been accepted. */
    private static final Pattern NO_RECIPIENTS = Pattern.compile(
            "(?i)^\\s*<<<\\s*(?:503\\b.*\\b(?:rcpt|recipient)|5\\d\\d\\b.*\\bno valid recipients)");

    private SmtpCommands() {
    }

    /**
     * The command, from the report's own text (not the returned original), for one recipient address. The stage
     * the whole report names is only used for a report about a single recipient: with several, a stage named for
     * one of them says nothing about the others.
     */
    public static Optional<String> inReport(String reportText, String address, boolean onlyRecipient) {
        if (reportText == null || reportText.isBlank()) {
            return Optional.empty();
        }
        List<String> lines = ReportText.reportLines(reportText);
        String addr = address == null ? "" : address.toLowerCase(Locale.ROOT);
        Optional<String> found = fromTranscript(lines, addr, onlyRecipient).or(() -> fromParagraph(lines, addr));
        return found.isPresent() || !onlyRecipient ? found : onlyStage(lines);
    }

    private static Optional<String> fromTranscript(List<String> lines, String addr, boolean onlyRecipient) {
        List<String[]> failures = new ArrayList<>();  // {command, sent line + failing reply, lower case}
        String sent = null;
        String sentLine = "";
        List<String> replies = new ArrayList<>();
        for (String line : lines) {
            Matcher s = SENT.matcher(line);
            if (s.matches()) {
                failures.addAll(failed(sent, sentLine, replies));
                sent = s.group(1).toUpperCase(Locale.ROOT);
                sentLine = line;
                replies = new ArrayList<>();
            } else if (sent != null && REPLY.matcher(line).matches()) {
                replies.add(line);
            }
        }
        failures.addAll(failed(sent, sentLine, replies));
        if (!addr.isEmpty()) {
            for (String[] f : failures) {
                if (f[1].contains(addr)) {
                    return Optional.of(f[0]);
                }
            }
        }
        Set<String> distinct = new LinkedHashSet<>();
        failures.forEach(f -> distinct.add(f[0]));
        return distinct.size() == 1 && onlyRecipient ? Optional.of(distinct.iterator().next()) : Optional.empty();
    }

    /**
     * The failing replies to one sent line. With PIPELINING (RFC 2920) Sendmail sends RCPT TO and DATA together and
     * quotes only "&gt;&gt;&gt; DATA": when the server then refuses DATA for want of recipients ("503 Need RCPT",
     * "554 no valid recipients"), the failing replies before that answered RCPT TO.
     */
    private static List<String[]> failed(String sent, String sentLine, List<String> replies) {
        List<String[]> out = new ArrayList<>();
        if (sent == null) {
            return out;
        }
        int noRecipients = -1;
        for (int i = 1; i < replies.size() && noRecipients < 0; i++) {
            if (NO_RECIPIENTS.matcher(replies.get(i)).find()) {
                noRecipients = i;
            }
        }
        for (int i = 0; i < replies.size(); i++) {
            if (!FAILED_REPLY.matcher(replies.get(i)).matches() || i == noRecipients) {
                continue;
            }
            boolean pipelined = (sent.equals("DATA") || sent.equals("BDAT")) && noRecipients > i;
            out.add(new String[] {pipelined ? "RCPT" : sent, (sentLine + " " + replies.get(i)).toLowerCase(Locale.ROOT)});
        }
        return out;
    }

    /** The blank-line separated paragraph that first names the address, read as one line. */
    private static Optional<String> fromParagraph(List<String> lines, String addr) {
        if (addr.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder paragraph = new StringBuilder();
        boolean named = false;
        for (String line : lines) {
            if (line.isBlank()) {
                if (named) {
                    break;
                }
                paragraph.setLength(0);
                continue;
            }
            paragraph.append(line.strip()).append(' ');
            named |= line.toLowerCase(Locale.ROOT).contains(addr);
        }
        if (!named) {
            return Optional.empty();
        }
        return SmtpText.command(paragraph.toString());
    }

    /** When the whole report names a single stage (one recipient, or all refused alike), that stage. */
    private static Optional<String> onlyStage(List<String> lines) {
        Set<String> stages = new LinkedHashSet<>();
        StringBuilder paragraph = new StringBuilder();
        for (String line : lines) {
            if (line.isBlank()) {
                SmtpText.command(paragraph.toString()).ifPresent(stages::add);
                paragraph.setLength(0);
            } else {
                paragraph.append(line.strip()).append(' ');
            }
        }
        SmtpText.command(paragraph.toString()).ifPresent(stages::add);
        return stages.size() == 1 ? Optional.of(stages.iterator().next()) : Optional.empty();
    }
}
