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
        Objects.requireNonNull(emailId, "emailId");
        InstrumentPlan plan = plan(html, options);
        return new InstrumentedHtml(plan.render(linksOf(emailId)), headers(emailId, options), plan.rewrittenUrls());
    }

    /** The URL each hole takes in the copy whose links carry {@code emailId} (a {@link LinkId}'s text). */
    java.util.function.Function<LinkHole, String> linksOf(String emailId) {
        return hole -> switch (hole) {
            case LinkHole.Click click -> links.clickUrl(emailId, click.url());
            case LinkHole.Open open -> links.openUrl(emailId);
            case LinkHole.Unsubscribe unsubscribe -> links.unsubscribeUrl(emailId);
        };
    }

    /** Finds what instrumenting {@code html} changes, for any number of copies to fill in. */
    public InstrumentPlan plan(String html, InstrumentOptions options) {
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(options, "options");
        Document document = Jsoup.parse(html, "", Parser.htmlParser().setTrackPosition(true));
        SourceEdits edits = new SourceEdits(html);

        for (Element marked : document.select("[" + NO_TRACK_ATTRIBUTE + "]")) {
            Range.AttributeRange range = marked.attributes().sourceRange(NO_TRACK_ATTRIBUTE);
            if (range.nameRange().isTracked()) {
                AttributeSource.extent(html, range.nameRange().startPos(), range.nameRange().endPos())
                        .ifPresent(extent -> edits.replace(extent.start(), extent.end(), new InstrumentPlan.Literal("")));
            }
        }
        if (options.trackClicks()) {
            for (Element link : document.select("a[href], area[href]")) {
                String url = link.attr("href").strip();
                Range value = link.attributes().sourceRange("href").valueRange();
                // Untracked ranges belong to copies the parser makes of misnested links; the original is handled.
                if (value.isTracked() && !link.hasAttr(NO_TRACK_ATTRIBUTE) && isTrackable(url, options)) {
                    edits.replace(value.startPos(), value.endPos(), new InstrumentPlan.Slot(new LinkHole.Click(url),
                            isQuoted(html, value) ? InstrumentPlan.Form.ESCAPED : InstrumentPlan.Form.QUOTED));
                }
            }
        }
        if (options.trackOpens()) {
            int at = pixelPosition(document, html.length());
            edits.replace(at, at, new InstrumentPlan.Slot(new LinkHole.Open(), InstrumentPlan.Form.PIXEL));
        }
        return InstrumentPlan.of(html, edits.apply());
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
    private static boolean isQuoted(String html, Range value) {
        int start = value.startPos();
        return start > 0 && (html.charAt(start - 1) == '"' || html.charAt(start - 1) == '\'');
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
    static String pixel(String escapedOpenUrl) {
        return "<img src=\"" + escapedOpenUrl + "\" width=\"1\" height=\"1\" alt=\"\" border=\"0\""
                + " style=\"display:block;width:1px;height:1px;border:0;margin:0;padding:0\" />";
    }

    /** The {@code List-Unsubscribe} headers of the copy whose links carry {@code emailId}. */
    SequencedMap<String, String> headers(String emailId, InstrumentOptions options) {
        String unsubscribeUrl = links.unsubscribeUrl(emailId);
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
