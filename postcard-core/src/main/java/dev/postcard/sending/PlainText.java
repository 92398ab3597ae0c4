package dev.postcard.sending;

import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * The text part of a message sent with HTML only, derived from the HTML. The rules are few so the result is
 * predictable:
 * <ul>
 *   <li>paragraphs, headings, block quotes and tables' outer blocks are separated by a blank line; other blocks
 *       ({@code div}, table rows, list items) and {@code <br>} start a new line;</li>
 *   <li>a link is {@code text (url)}, or the url alone when its text is the url or empty; a {@code mailto:}
 *       link shows the address; anchors ({@code #...}) and {@code javascript:} links keep only their text;</li>
 *   <li>an image is its {@code alt} text, or nothing (so the 1×1 open pixel, whose {@code alt} is empty,
 *       leaves no trace);</li>
 *   <li>list items start with {@code - } ({@code 1. }, {@code 2. }, ... in ordered lists), indented by two
 *       spaces per level of nesting;</li>
 *   <li>white space is collapsed as a browser would, except in {@code <pre>}; entities are decoded; no line is
 *       wrapped (quoted-printable keeps the encoded lines short).</li>
 * </ul>
 */
public final class PlainText {
    private static final Set<String> SKIPPED = Set.of("head", "title", "script", "style", "template", "noscript", "svg");
    private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
            "pre", "table", "ul", "ol", "dl", "hr", "address", "figure");
    private static final Set<String> LINES = Set.of("div", "section", "article", "header", "footer", "main", "nav",
            "aside", "tr", "li", "dt", "dd", "form", "fieldset", "center", "caption", "tbody", "thead", "tfoot");
    private static final Set<String> CELLS = Set.of("td", "th");

    private PlainText() {
    }

    /** The text of {@code html}, with line breaks as {@code \n} and no leading or trailing blank lines. */
    public static String fromHtml(String html) {
        Element body = Jsoup.parse(html).body();
        Writer out = new Writer();
        for (Node child : body.childNodes()) {
            render(child, out, 0);
        }
        return out.finish();
    }

    private static void render(Node node, Writer out, int listDepth) {
        if (node instanceof TextNode text) {
            out.text(text.getWholeText(), out.preformatted > 0);
            return;
        }
        if (!(node instanceof Element element)) {
            return; // comments, doctype, data
        }
        String tag = element.normalName();
        if (SKIPPED.contains(tag)) {
            return;
        }
        switch (tag) {
            case "br" -> out.lineBreak();
            case "img" -> out.text(element.attr("alt"), false);
            case "a" -> link(element, out);
            case "ul", "ol" -> list(element, out, listDepth + 1, tag.equals("ol"));
            default -> block(element, tag, out, listDepth);
        }
    }

    private static void block(Element element, String tag, Writer out, int listDepth) {
        int breaks = PARAGRAPHS.contains(tag) ? 2 : LINES.contains(tag) ? 1 : 0;
        if (tag.equals("pre")) {
            out.preformatted++;
        }
        if (CELLS.contains(tag)) {
            out.space();
        }
        out.breaks(breaks);
        if (tag.equals("hr")) {
            out.text("---", false);
        }
        for (Node child : element.childNodes()) {
            render(child, out, listDepth);
        }
        out.breaks(breaks);
        if (CELLS.contains(tag)) {
            out.space();
        }
        if (tag.equals("pre")) {
            out.preformatted--;
        }
    }

    private static void list(Element list, Writer out, int depth, boolean ordered) {
        out.breaks(depth == 1 ? 2 : 1);
        int number = 0;
        for (Node child : list.childNodes()) {
            if (child instanceof Element item && item.normalName().equals("li")) {
                number++;
                out.breaks(1);
                out.prefix("  ".repeat(depth - 1) + (ordered ? number + ". " : "- "));
                for (Node part : item.childNodes()) {
                    render(part, out, depth);
                }
                out.breaks(1);
            } else {
                render(child, out, depth);
            }
        }
        out.breaks(depth == 1 ? 2 : 1);
    }

    private static void link(Element a, Writer out) {
        String label = collapse(a.text());
        if (label.isEmpty()) {
            label = a.select("img[alt]").stream().map(img -> collapse(img.attr("alt"))).filter(alt -> !alt.isEmpty())
                    .findFirst().orElse("");
        }
        String href = a.attr("href").strip();
        String lower = href.toLowerCase(Locale.ROOT);
        String shown;
        if (href.isEmpty() || href.startsWith("#") || lower.startsWith("javascript:")) {
            shown = "";
        } else if (lower.startsWith("mailto:")) {
            String address = href.substring("mailto:".length());
            int query = address.indexOf('?');
            shown = query < 0 ? address : address.substring(0, query);
        } else {
            shown = href;
        }
        if (shown.isEmpty() || shown.equalsIgnoreCase(label)) {
            out.text(label, false);
        } else if (label.isEmpty()) {
            out.text(shown, false);
        } else {
            out.text(label + " (" + shown + ")", false);
        }
    }

    private static String collapse(String text) {
        return text.replace('\u00a0', ' ').replaceAll("\\s+", " ").strip();
    }

    /** Writes text, holding line breaks and spaces until more text follows, so none dangles at the edges. */
    private static final class Writer {
        private final StringBuilder out = new StringBuilder();
        private int pendingBreaks;
        private boolean pendingSpace;
        private String pendingPrefix = "";
        int preformatted;

        void breaks(int n) {
            if (!out.isEmpty()) {
                pendingBreaks = Math.max(pendingBreaks, n);
            }
        }

        /** {@code <br>}: always a new line, even right after another. */
        void lineBreak() {
            pendingBreaks++;
            pendingSpace = false;
        }

        void space() {
            pendingSpace = true;
        }

        void prefix(String prefix) {
            pendingPrefix = prefix;
        }

        void text(String text, boolean preformatted) {
            if (preformatted) {
                String[] lines = text.replace("\r\n", "\n").split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (i > 0) {
                        lineBreak();
                    }
                    if (!lines[i].isEmpty()) {
                        word(lines[i].replace('\u00a0', ' '));
                    }
                }
                return;
            }
            String normal = text.replace('\u00a0', ' ');
            boolean leading = !normal.isEmpty() && Character.isWhitespace(normal.charAt(0));
            boolean trailing = !normal.isEmpty() && Character.isWhitespace(normal.charAt(normal.length() - 1));
            String collapsed = collapse(normal);
            if (leading) {
                pendingSpace = true;
            }
            if (!collapsed.isEmpty()) {
                word(collapsed);
                pendingSpace = trailing;
            }
        }

        private void word(String text) {
            if (pendingBreaks > 0 && !out.isEmpty()) {
                out.append("\n".repeat(pendingBreaks));
            } else if (pendingSpace && !out.isEmpty() && out.charAt(out.length() - 1) != '\n' && pendingPrefix.isEmpty()) {
                out.append(' ');
            }
            if (out.isEmpty() || out.charAt(out.length() - 1) == '\n') {
                out.append(pendingPrefix);
                pendingPrefix = "";
            }
            pendingBreaks = 0;
            pendingSpace = false;
            out.append(text);
        }

        String finish() {
            String text = out.toString().replaceAll("[ \\t]+\n", "\n").replaceAll("\n{3,}", "\n\n");
            return text.strip();
        }
    }
}
