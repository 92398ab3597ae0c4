package dev.postcard.tracking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Range;
import org.jsoup.parser.Parser;

/**
 * Adds open and click tracking and the unsubscribe link to an HTML email.
 *
 * <p>jsoup parses the message the way a browser does, so links are found exactly where a mail client finds
 * them (not inside comments, {@code <title>} or {@code <textarea>}) and {@code &amp;} in an href is decoded
 * once. The output, though, is not jsoup's serialisation: the parser records where each attribute and end
 * tag sits in the input, and the few changes are spliced into the original text there. Re-serialising the
 * tree would re-quote attributes, turn {@code &copy;} into a character, move stray text out of tables and
 * wrap fragments in a document; splicing leaves every other byte as it was, so documents stay documents,
 * fragments stay fragments, and Outlook conditional comments (links inside them included) stay verbatim.
 *
 * <p>Changes made:
 * <ul>
 *   <li>every {@code <a href>} and {@code <area href>} to an http(s) URL becomes the signed click URL, except
 *       links marked {@value #NO_TRACK_ATTRIBUTE} (the marker itself is removed wherever it appears), links
 *       to excluded domains, links already pointing at Postcard's tracking routes and links holding the
 *       unsubscribe placeholder;</li>
 *   <li>the open pixel goes right before {@code </body>}, else before {@code </html>}, else at the end;</li>
 *   <li>{@value #UNSUBSCRIBE_PLACEHOLDER} anywhere (also percent-encoded, or with spaces inside the braces)
 *       becomes the signed unsubscribe URL, HTML-escaped.</li>
 * </ul>
 */
final class HtmlInstrumenter {
    public static final String UNSUBSCRIBE_PLACEHOLDER = "{{unsubscribe_url}}";
    public static final String NO_TRACK_ATTRIBUTE = "data-postcard-notrack";

    static final Pattern PLACEHOLDER =
            Pattern.compile("\\{\\{\\s*unsubscribe_url\\s*}}|%7B%7Bunsubscribe_url%7D%7D", Pattern.CASE_INSENSITIVE);

    private final TrackingLinks links;

    public HtmlInstrumenter(TrackingLinks links) {
        this.links = Objects.requireNonNull(links, "links");
    }

    public InstrumentedHtml instrument(String html, String emailId, InstrumentOptions options) {
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(emailId, "emailId");
        Objects.requireNonNull(options, "options");
        Document document = Jsoup.parse(html, "", Parser.htmlParser().setTrackPosition(true));
        SourceEdits edits = new SourceEdits(html);

        for (Element marked : document.select("[" + NO_TRACK_ATTRIBUTE + "]")) {
            Range.AttributeRange range = marked.attributes().sourceRange(NO_TRACK_ATTRIBUTE);
            if (range.nameRange().isTracked()) {
                AttributeSource.extent(html, range.nameRange().startPos(), range.nameRange().endPos())
                        .ifPresent(extent -> edits.replace(extent.start(), extent.end(), ""));
            }
        }
        List<String> rewritten = new ArrayList<>();
        if (options.trackClicks()) {
            for (Element link : document.select("a[href], area[href]")) {
                String url = link.attr("href").strip();
                Range value = link.attributes().sourceRange("href").valueRange();
                // Untracked ranges belong to copies the parser makes of misnested links; the original is handled.
                if (value.isTracked() && !link.hasAttr(NO_TRACK_ATTRIBUTE) && isTrackable(url, options)
                        && edits.replace(value.startPos(), value.endPos(),
                                quoteIfNeeded(html, value, escape(links.clickUrl(emailId, url))))) {
                    rewritten.add(url);
                }
            }
        }
        String openUrl = escape(links.openUrl(emailId));
        if (options.trackOpens() && !html.contains(openUrl)) { // instrumenting twice must not add a second pixel
            int at = pixelPosition(document, html.length());
            edits.replace(at, at, pixel(openUrl));
        }

        String unsubscribeUrl = links.unsubscribeUrl(emailId);
        String out = PLACEHOLDER.matcher(edits.apply()).replaceAll(Matcher.quoteReplacement(escape(unsubscribeUrl)));
        return new InstrumentedHtml(out, headers(unsubscribeUrl, options), rewritten);
    }

    private boolean isTrackable(String url, InstrumentOptions options) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            return false; // mailto:, tel:, sms:, #fragment, relative, javascript: ... are not ours to follow
        }
        if (PLACEHOLDER.matcher(url).find() || url.startsWith(links.trackRoot())) {
            return false;
        }
        String host = host(url);
        return !host.isEmpty() && !options.excludes(host);
    }

    /**
     * The host of an absolute http(s) URL, read by hand rather than with {@link java.net.URI}, which rejects
     * the spaces, braces and pipes real emails put into URLs that browsers accept anyway.
     */
    static String host(String url) {
        int start = url.indexOf("//") + 2;
        int end = start;
        while (end < url.length() && "/?#\\".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close < 0 ? "" : authority.substring(0, close + 1).toLowerCase(Locale.ROOT);
        }
        int colon = authority.indexOf(':');
        return (colon < 0 ? authority : authority.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    // An unquoted value (href=https://x) gets quotes: the escaped click URL holds characters that would end it.
    private static String quoteIfNeeded(String html, Range value, String replacement) {
        int start = value.startPos();
        boolean quoted = start > 0 && (html.charAt(start - 1) == '"' || html.charAt(start - 1) == '\'');
        return quoted ? replacement : '"' + replacement + '"';
    }

    private static int pixelPosition(Document document, int inputLength) {
        Range bodyEnd = document.body().endSourceRange();
        if (bodyEnd.isTracked() && !bodyEnd.isImplicit()) {
            return bodyEnd.startPos();
        }
        Range htmlEnd = document.child(0).endSourceRange();
        if (htmlEnd.isTracked() && !htmlEnd.isImplicit()) {
            return htmlEnd.startPos();
        }
        return inputLength;
    }

    /**
     * A visible transparent 1x1 image rather than {@code display:none}: some clients skip fetching hidden
     * images, and the GIF is transparent anyway. Explicit width, height and border keep Outlook from giving
     * it a frame or a default size.
     */
    private static String pixel(String escapedOpenUrl) {
        return "<img src=\"" + escapedOpenUrl + "\" width=\"1\" height=\"1\" alt=\"\" border=\"0\""
                + " style=\"display:block;width:1px;height:1px;border:0;margin:0;padding:0\" />";
    }

    private static SequencedMap<String, String> headers(String unsubscribeUrl, InstrumentOptions options) {
        SequencedMap<String, String> headers = new LinkedHashMap<>();
        String https = "<" + unsubscribeUrl + ">";
        headers.put("List-Unsubscribe", options.unsubscribeMailto().map(m -> "<" + m + ">, " + https).orElse(https));
        // RFC 8058: tells the mailbox provider a POST to the URL unsubscribes without a confirmation page.
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return headers;
    }

    /** Escapes for both attribute values (either quote) and text. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
