package dev.postcard.tracking;

import dev.postcard.InvalidInputException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link HtmlInstrumenter} does to one message.
 *
 * @param trackOpens        add the open pixel
 * @param trackClicks       rewrite http(s) links to signed click links
 * @param excludedDomains   link hosts left alone, each with its subdomains ({@code example.com} also covers
 *                          {@code www.example.com}); stored lower-case without leading {@code *.} or dots
 * @param unsubscribeMailto an address (or {@code mailto:} URI) offered in {@code List-Unsubscribe} before the
 *                          one-click URL, for clients that only unsubscribe by mail
 */
public record InstrumentOptions(boolean trackOpens, boolean trackClicks, Set<String> excludedDomains,
                                Optional<String> unsubscribeMailto) {

    public InstrumentOptions {
        excludedDomains = normaliseDomains(excludedDomains);
        unsubscribeMailto = unsubscribeMailto.map(InstrumentOptions::normaliseMailto);
    }

    /** Track opens and clicks, exclude nothing, no mailto. */
    public static InstrumentOptions defaults() {
        return new InstrumentOptions(true, true, Set.of(), Optional.empty());
    }

    public InstrumentOptions withTrackOpens(boolean track) {
        return new InstrumentOptions(track, trackClicks, excludedDomains, unsubscribeMailto);
    }

    public InstrumentOptions withTrackClicks(boolean track) {
        return new InstrumentOptions(trackOpens, track, excludedDomains, unsubscribeMailto);
    }

    public InstrumentOptions withExcludedDomains(Collection<String> domains) {
        return new InstrumentOptions(trackOpens, trackClicks, Set.copyOf(domains), unsubscribeMailto);
    }

    public InstrumentOptions withUnsubscribeMailto(String mailto) {
        return new InstrumentOptions(trackOpens, trackClicks, excludedDomains, Optional.of(mailto));
    }

    /** True when {@code host} is an excluded domain or one of its subdomains. */
    public boolean excludes(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (String domain : excludedDomains) {
            if (h.equals(domain) || h.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> normaliseDomains(Set<String> domains) {
        Set<String> normalised = new LinkedHashSet<>();
        for (String domain : domains) {
            String d = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
            if (d.startsWith("*.")) {
                d = d.substring(2);
            }
            while (d.startsWith(".")) {
                d = d.substring(1);
            }
            while (d.endsWith(".")) {
                d = d.substring(0, d.length() - 1);
            }
            if (d.isEmpty() || !d.matches("[\\p{L}\\p{N}.-]+")) {
                throw new InvalidInputException("excluded_domains", "'" + domain + "' is not a domain name");
            }
            normalised.add(d);
        }
        return Set.copyOf(normalised);
    }

    // The value ends up inside a header: anything that could close the <...> or start a new header is refused.
    private static String normaliseMailto(String mailto) {
        String m = mailto.strip();
        if (!m.regionMatches(true, 0, "mailto:", 0, 7)) {
            m = "mailto:" + m;
        }
        if (m.length() <= 7 || !m.substring(7).contains("@") || m.chars().anyMatch(c -> c < 0x21 || c == '<' || c == '>' || c == ',' || c == 0x7F)) {
            throw new InvalidInputException("unsubscribe_mailto", "'" + mailto + "' is not a usable mailto address");
        }
        return m;
    }
}
