package dev.postcard.bounces.formats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gmail's pre-2015 bounces (still sent by Google Groups and some Google relays): "Delivery to the following
 * recipient failed permanently:" (or "...has been delayed:") with the addresses indented below, then "Technical
 * details of permanent failure:" and "The error that the other server returned was:" followed by the reply.
 */
final class GmailLegacyFormat implements TextFormat {
    private static final Pattern RECIPIENT = Pattern.compile("^\\s{2,}<?(" + Addresses.ADDRESS.pattern() + ")>?\\s*$");

    @Override
    public boolean applies(TextBounceReader.Context context) {
        return context.lower().contains("delivery to the following recipient");
    }

    @Override
    public List<Finding> extract(TextBounceReader.Context context) {
        List<String> lines = context.lines();
        List<String> addresses = new ArrayList<>();
        StringBuilder details = new StringBuilder();
        boolean inDetails = false;
        for (String line : lines) {
            Matcher m = RECIPIENT.matcher(line);
            if (!inDetails && m.matches() && addresses.size() < GenericTextFormat.MAX_RECIPIENTS) {
                addresses.add(Addresses.normalise(m.group(1)));
                continue;
            }
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("technical details") || lower.startsWith("message will be retried")) {
                inDetails = true;
            }
            if (inDetails && !line.isBlank() && !lower.startsWith("the error that the other server returned was")) {
                details.append(line.strip()).append('\n');
            }
        }
        List<Finding> found = new ArrayList<>();
        for (String address : addresses) {
            found.add(GenericTextFormat.finding(context, address, details.toString(), ""));
        }
        return found;
    }
}
