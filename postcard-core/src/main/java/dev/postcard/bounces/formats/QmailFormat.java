package dev.postcard.bounces.formats;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * qmail and its descendants (netqmail, notqmail, and the many services whose bounces copy its layout): after "Hi.
 * This is the qmail-send program at HOST", each failed recipient is a {@code <address>:} line followed by the
 * remote host's text up to a blank line; the status hides in a trailing {@code (#5.1.1)}.
 */
final class QmailFormat implements TextFormat {
    private static final Pattern RECIPIENT = Pattern.compile("^<(" + Addresses.ADDRESS.pattern() + ")>:\\s*(.*)$");

    @Override
    public boolean applies(TextBounceReader.Context context) {
        return context.lower().contains("qmail-send program") || context.lower().contains("below this line is a copy");
    }

    @Override
    public List<Finding> extract(TextBounceReader.Context context) {
        List<String> lines = context.lines();
        List<Finding> found = new ArrayList<>();
        for (int i = 0; i < lines.size() && found.size() < GenericTextFormat.MAX_RECIPIENTS; i++) {
            Matcher m = RECIPIENT.matcher(lines.get(i).strip());
            if (m.matches()) {
                String text = m.group(2) + "\n" + GenericTextFormat.paragraph(lines, i + 1, lines.size());
                found.add(GenericTextFormat.finding(context, Addresses.normalise(m.group(1)), text, ""));
            }
        }
        return found;
    }
}
