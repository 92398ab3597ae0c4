package dev.postcard.bounces.formats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sendmail (V8 and V5): "----- The following addresses had permanent fatal errors -----" lists the recipients,
 * each optionally with "(reason: ...)", and "----- Transcript of session follows -----" holds the SMTP dialogue:
 * the remote server's replies ({@code <<< 550 ...}) and sendmail's verdict ({@code 550 5.1.1 <addr>... User unknown}).
 */
final class SendmailFormat implements TextFormat {
    private static final String ADDR = Addresses.ADDRESS.pattern();
    private static final Pattern LISTED = Pattern.compile("^\\s*<?(" + ADDR + ")>?\\s*(?:\\.\\.\\.\\s*(.*))?$");
    private static final Pattern REASON = Pattern.compile("^\\s*\\(reason:\\s*(.*?)\\)?\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern VERDICT = Pattern.compile("^\\s*([245]\\d\\d)[ \\-]\\s*(?:[245]\\.\\d+\\.\\d+\\s+)?<?("
            + ADDR + ")>?\\.\\.\\.\\s*(.*)$");

    @Override
    public boolean applies(TextBounceReader.Context context) {
        return context.lower().contains("transcript of session follows")
                || context.lower().contains("the following addresses had");
    }

    @Override
    public List<Finding> extract(TextBounceReader.Context context) {
        List<String> lines = context.lines();
        List<String> addresses = new ArrayList<>();
        List<StringBuilder> texts = new ArrayList<>();
        boolean inList = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.contains("-----")) {
                inList = lower.contains("following addresses had");
                continue;
            }
            Matcher listed = LISTED.matcher(line);
            if (inList && listed.matches() && addresses.size() < GenericTextFormat.MAX_RECIPIENTS) {
                addresses.add(Addresses.normalise(listed.group(1)));
                texts.add(new StringBuilder(listed.group(2) == null ? "" : listed.group(2) + "\n"));
                continue;
            }
            Matcher reason = REASON.matcher(line);
            if (inList && reason.matches() && !texts.isEmpty()) {
                texts.get(texts.size() - 1).append(reason.group(1)).append('\n');
            }
        }
        // The transcript: the remote replies that preceded each verdict, then the verdict itself.
        StringBuilder replies = new StringBuilder();
        for (String line : lines) {
            String stripped = line.strip();
            if (stripped.startsWith("<<<")) {
                replies.append(stripped.substring(3).strip()).append('\n');
                continue;
            }
            Matcher verdict = VERDICT.matcher(line);
            if (verdict.matches()) {
                String address = Addresses.normalise(verdict.group(2));
                int at = addresses.indexOf(address);
                if (at < 0 && addresses.size() < GenericTextFormat.MAX_RECIPIENTS) {
                    addresses.add(address);
                    texts.add(new StringBuilder());
                    at = addresses.size() - 1;
                }
                if (at >= 0) {
                    // V5 puts the remote reply after "...": "554 <addr>... 550 Host unknown"; it goes first
                    texts.get(at).insert(0, replies.toString() + verdict.group(3) + "\n" + stripped + "\n");
                }
                replies.setLength(0);
            }
        }
        List<Finding> found = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            if (!GenericTextFormat.isDaemon(addresses.get(i))) {
                found.add(GenericTextFormat.finding(context, addresses.get(i), texts.get(i).toString(), ""));
            }
        }
        return found;
    }
}
