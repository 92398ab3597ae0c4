package dev.postcard.bounces.formats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fallback: a line that starts with an address (bare, in angle brackets, or after {@code RCPT TO:}) names a
 * recipient, and the text after it up to the next blank line or recipient is its diagnostic. Without such lines, an
 * address in a sentence about a failed delivery is taken. A recipient whose own text carries no SMTP code gets
 * the report's lines that do.
 */
public class GenericTextFormat implements TextFormat {
    private static final String ADDR = Addresses.ADDRESS.pattern();
    static final Pattern LEAD = Pattern.compile("^\\s*(?:[-*•>]\\s*)?(?:(?:RCPT TO|To|Recipient|Original-Recipient|"
            + "Final-Recipient|Failed Recipient|Address)\\s*:\\s*(?:rfc822;\\s*)?)?[<\"(\\[]?(" + ADDR
            + ")[>\")\\]]?(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern SENTENCE = Pattern.compile("(?i)(?:\\bto|\\bfor|recipient|address|user|mailbox|"
            + "destinataire|empf[aä]nger)\\s*:?\\s*(?:address\\s*)?[<\"'(\\[]?(" + ADDR + ")");
    private static final Pattern RCPT = Pattern.compile("(?i)RCPT TO:\\s*<?(" + ADDR + ")");
    static final Pattern CODE = Pattern.compile("(?<![\\d.])(?:[245]\\.\\d{1,3}\\.\\d{1,3}|[245][0-5]\\d)(?![\\d]|\\.\\d)");

    @Override
    public boolean applies(TextBounceReader.Context context) {
        return true;
    }

    @Override
    public List<Finding> extract(TextBounceReader.Context context) {
        List<String> lines = context.lines();
        List<int[]> at = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        List<String> rests = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LEAD.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String address = Addresses.normalise(m.group(1));
            String rest = m.group(2);
            if (context.excluded().contains(address) || !recipientTail(rest)) {
                continue;
            }
            at.add(new int[] {i});
            addresses.add(address);
            rests.add(rest);
        }
        List<Finding> findings = new ArrayList<>();
        String global = codeLines(context);
        if (!addresses.isEmpty()) {
            for (int k = 0; k < addresses.size(); k++) {
                int line = at.get(k)[0];
                int end = k + 1 < at.size() ? at.get(k + 1)[0] : lines.size();
                String own = stripLead(rests.get(k)) + "\n" + paragraph(lines, line + 1, end);
                findings.add(finding(context, addresses.get(k), own, global));
            }
            return findings;
        }
        for (Pattern p : List.of(SENTENCE, RCPT)) {
            for (String line : lines) {
                Matcher m = p.matcher(line);
                while (m.find()) {
                    String address = Addresses.normalise(m.group(1));
                    if (!context.excluded().contains(address) && !isDaemon(address)) {
                        findings.add(finding(context, address, "", global));
                    }
                }
            }
            if (!findings.isEmpty()) {
                return findings;
            }
        }
        return findings;
    }

    static Finding finding(TextBounceReader.Context context, String address, String own, String global) {
        String text = CODE.matcher(own).find() || global.isBlank() ? own : (own + "\n" + global);
        return Finding.fromText(address, action(context.lower(), text), text);
    }

    /** Delayed when the report says it is still trying and nothing permanent was said. */
    static String action(String lowerReport, String diagnostic) {
        boolean stillTrying = lowerReport.contains("will continue") || lowerReport.contains("not yet been delivered")
                || lowerReport.contains("will be retried") || lowerReport.contains("still trying")
                || lowerReport.contains("delivery is delayed") || lowerReport.contains("has been delayed")
                || lowerReport.contains("will try again") || lowerReport.contains("keep trying");
        boolean permanent = SmtpText.replyCode(diagnostic).map(c -> c.startsWith("5")).orElse(false)
                || SmtpText.status(diagnostic).map(c -> c.startsWith("5")).orElse(false);
        return stillTrying && !permanent ? "delayed" : "failed";
    }

    private static boolean recipientTail(String rest) {
        String r = rest.strip();
        if (r.isEmpty()) {
            return true;
        }
        String lower = r.toLowerCase(Locale.ROOT);
        return r.startsWith(":") || r.startsWith("...") || r.startsWith("(") || r.startsWith("-") || r.startsWith(",")
                || r.startsWith(";") || lower.startsWith("on ") || lower.startsWith("#") || r.startsWith("[")
                || lower.startsWith("failed") || lower.startsWith("unknown") || lower.startsWith("user ")
                || lower.startsWith("mailbox") || lower.startsWith("recipient") || lower.startsWith("does not")
                || lower.startsWith("is not");
    }

    private static String stripLead(String rest) {
        return rest.replaceFirst("^\\s*(?::|\\.\\.\\.|,|;|-)\\s*", "");
    }

    /** Lines after a recipient line up to the next recipient or the first blank line after some text. */
    static String paragraph(List<String> lines, int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to && i < from + 12; i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                if (out.length() > 0) {
                    break;
                }
                continue;
            }
            out.append(line.strip()).append('\n');
        }
        return out.toString();
    }

    /** The report's lines that carry an SMTP reply or status code, for recipients whose own text has none. */
    static String codeLines(TextBounceReader.Context context) {
        StringBuilder out = new StringBuilder();
        for (String line : context.lines()) {
            if (CODE.matcher(line).find() && !line.contains("@") || SmtpText.replyCode(line).isPresent()
                    && line.matches("(?i).*(said|error|reject|refused|denied|unknown|returned|reason|fail|smtp).*")) {
                out.append(line.strip()).append('\n');
            }
            if (out.length() > 2000) {
                break;
            }
        }
        return out.toString();
    }

    static boolean isDaemon(String address) {
        String local = address.substring(0, address.indexOf('@')).toLowerCase(Locale.ROOT);
        return local.equals("mailer-daemon") || local.equals("postmaster") || local.equals("mail-daemon");
    }
}
