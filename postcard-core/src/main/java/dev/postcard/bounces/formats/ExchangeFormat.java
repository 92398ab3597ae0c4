package dev.postcard.bounces.formats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Exchange 2007 and later, Exchange Online / Office 365 and Outlook.com non-delivery reports in their text
 * form: the user section names each recipient ("Delivery has failed to these recipients or groups:", "Your message to
 * X couldn't be delivered."), and "Diagnostic information for administrators" repeats the address with the remote
 * server's reply ({@code Remote Server returned '550 5.1.1 ...'} or {@code #550 5.1.1 RESOLVER.ADR.RecipNotFound ##}).
 */
final class ExchangeFormat implements TextFormat {
    private static final String ADDR = Addresses.ADDRESS.pattern();
    private static final Pattern LISTED = Pattern.compile("^\\s*(?:\\S.*?\\s)?\\(?<?(" + ADDR + ")>?\\)?\\s*(?:on .*)?$");
    private static final Pattern COULD_NOT = Pattern.compile("(?i)your message to <?(" + ADDR + ")>? couldn't be delivered");
    private static final Pattern SERVER_SAID = Pattern.compile("(?i)(?:remote server returned\\s*'([^']*)'|^\\s*(#?[245]\\d\\d[ \\-].*))");

    @Override
    public boolean applies(TextBounceReader.Context context) {
        String lower = context.lower();
        return lower.contains("delivery has failed to these recipients") || lower.contains("diagnostic information for administrators")
                || lower.contains("couldn't be delivered") && lower.contains("office 365")
                || lower.contains("remote server returned");
    }

    @Override
    public List<Finding> extract(TextBounceReader.Context context) {
        List<String> lines = context.lines();
        Map<String, StringBuilder> byAddress = new LinkedHashMap<>();
        String current = null;
        for (String line : lines) {
            Matcher could = COULD_NOT.matcher(line);
            if (could.find()) {
                current = Addresses.normalise(could.group(1));
                byAddress.computeIfAbsent(current, a -> new StringBuilder());
                continue;
            }
            Matcher listed = LISTED.matcher(line);
            if (listed.matches() && line.strip().length() < 200 && !line.contains(":")) {
                current = Addresses.normalise(listed.group(1));
                if (GenericTextFormat.isDaemon(current)) {
                    current = null;
                    continue;
                }
                byAddress.computeIfAbsent(current, a -> new StringBuilder());
                continue;
            }
            Matcher said = SERVER_SAID.matcher(line);
            if (current != null && said.find()) {
                String reply = said.group(1) != null ? said.group(1) : said.group(2);
                byAddress.get(current).insert(0, reply.replaceFirst("^#", "").replaceAll("\\s*##\\s*$", "") + "\n");
            } else if (current != null && !line.isBlank() && byAddress.get(current).length() < 600) {
                byAddress.get(current).append(line.strip()).append('\n');
            }
        }
        List<Finding> found = new ArrayList<>();
        byAddress.forEach((address, text) -> found.add(GenericTextFormat.finding(context, address, text.toString(), "")));
        return found.size() > GenericTextFormat.MAX_RECIPIENTS ? found.subList(0, GenericTextFormat.MAX_RECIPIENTS) : found;
    }
}
