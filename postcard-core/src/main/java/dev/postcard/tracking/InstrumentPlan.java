package dev.postcard.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * One HTML body instrumented with its links left open: the parse and the search for links are done once, and
 * each copy only fills in its own signed URLs. A send to many recipients instruments its HTML once this way.
 */
public final class InstrumentPlan {
    /** How a hole's value is written into the HTML. */
    enum Form {
        /** HTML-escaped, inside quotes the source already has. */
        ESCAPED,
        /** HTML-escaped and put in quotes: the source's attribute value had none. */
        QUOTED,
        /** The whole pixel element around the escaped URL; left out when the source already holds the URL. */
        PIXEL
    }

    sealed interface Part {
    }

    record Literal(String text) implements Part {
    }

    record Slot(LinkHole hole, Form form) implements Part {
    }

    private final String source;
    private final List<Part> parts;
    private final List<String> rewrittenUrls;

    private InstrumentPlan(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
        List<String> urls = new ArrayList<>();
        for (Part part : this.parts) {
            if (part instanceof Slot(LinkHole.Click(String url), Form form)) {
                urls.add(url);
            }
        }
        this.rewrittenUrls = List.copyOf(urls);
    }

    /**
     * The plan of {@code source} with the given pieces spliced in: the unsubscribe placeholder is then looked for in
     * the text between them (adjacent texts joined first, so a placeholder around a removed attribute is found as
     * it was before the removal).
     */
    static InstrumentPlan of(String source, List<Part> pieces) {
        List<Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Part piece : pieces) {
            if (piece instanceof Literal literal) {
                text.append(literal.text());
            } else {
                splitPlaceholders(text, parts);
                text.setLength(0);
                parts.add(piece);
            }
        }
        splitPlaceholders(text, parts);
        return new InstrumentPlan(source, parts);
    }

    private static void splitPlaceholders(CharSequence text, List<Part> parts) {
        Matcher placeholder = HtmlInstrumenter.PLACEHOLDER.matcher(text);
        int copied = 0;
        while (placeholder.find()) {
            if (placeholder.start() > copied) {
                parts.add(new Literal(text.subSequence(copied, placeholder.start()).toString()));
            }
            parts.add(new Slot(new LinkHole.Unsubscribe(), Form.ESCAPED));
            copied = placeholder.end();
        }
        if (copied < text.length()) {
            parts.add(new Literal(text.subSequence(copied, text.length()).toString()));
        }
    }

    /** The HTML with every hole filled: {@code value} gives a hole's URL, unescaped. */
    public String render(Function<LinkHole, String> value) {
        StringBuilder out = new StringBuilder(source.length() + parts.size() * 160);
        for (Part part : parts) {
            switch (part) {
                case Literal literal -> out.append(literal.text());
                case Slot slot -> {
                    String escaped = HtmlInstrumenter.escape(value.apply(slot.hole()));
                    switch (slot.form()) {
                        case ESCAPED -> out.append(escaped);
                        case QUOTED -> out.append('"').append(escaped).append('"');
                        // Instrumenting an already instrumented message must not add a second pixel.
                        case PIXEL -> {
                            if (!source.contains(escaped)) {
                                out.append(HtmlInstrumenter.pixel(escaped));
                            }
                        }
                    }
                }
            }
        }
        return out.toString();
    }

    /** The original target of every rewritten link, in document order, one entry per link. */
    public List<String> rewrittenUrls() {
        return rewrittenUrls;
    }
}
