package dev.postcard.tracking;

import java.util.Optional;

/**
 * Finds the full extent of an attribute in HTML source, given where its name is. jsoup reports the name and
 * value ranges but not the {@code =} and quotes between and around them, which a removal must take too.
 */
final class AttributeSource {
    private AttributeSource() {
    }

    record Extent(int start, int end) {
    }

    /**
     * The attribute starting at {@code nameStart}: from the whitespace before its name to the end of its value
     * (closing quote included), following the HTML tokenizer's rules for {@code name}, {@code name=value},
     * {@code name="value"} and {@code name='value'}. Empty when the source does not look like that.
     */
    static Optional<Extent> extent(String html, int nameStart, int nameEnd) {
        if (nameStart <= 0 || nameEnd <= nameStart || nameEnd > html.length()) {
            return Optional.empty();
        }
        int start = nameStart;
        while (start > 0 && isSpace(html.charAt(start - 1))) {
            start--;
        }
        int pos = skipSpaces(html, nameEnd);
        if (pos >= html.length() || html.charAt(pos) != '=') {
            return Optional.of(new Extent(start, nameEnd)); // a bare attribute: nothing after the name is its own
        }
        pos = skipSpaces(html, pos + 1);
        if (pos >= html.length()) {
            return Optional.empty();
        }
        char first = html.charAt(pos);
        if (first == '"' || first == '\'') {
            int close = html.indexOf(first, pos + 1);
            return close < 0 ? Optional.empty() : Optional.of(new Extent(start, close + 1));
        }
        while (pos < html.length() && !isSpace(html.charAt(pos)) && html.charAt(pos) != '>') {
            pos++;
        }
        return Optional.of(new Extent(start, pos));
    }

    private static int skipSpaces(String html, int pos) {
        while (pos < html.length() && isSpace(html.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    // The HTML tokenizer's whitespace: tab, line feed, form feed, carriage return, space.
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }
}
