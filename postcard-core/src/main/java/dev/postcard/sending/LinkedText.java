package dev.postcard.sending;

import dev.postcard.tracking.InstrumentPlan;
import dev.postcard.tracking.LinkHole;
import dev.postcard.tracking.Tracking;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A send's text part with the places of each copy's links left open, so every copy only fills in its own URLs. */
final class LinkedText {
    // Private-use characters stand in for the links while the text is derived from the HTML; an HTML that holds
    // them itself has its text derived for each copy instead.
    private static final char OPEN = '\uE000';
    private static final char CLOSE = '\uE001';
    private static final Pattern MARKER = Pattern.compile(OPEN + "(\\d+)" + CLOSE);

    private sealed interface Part {
    }

    private record Text(String text) implements Part {
    }

    private record Hole(LinkHole hole) implements Part {
    }

    private final List<Part> parts;

    private LinkedText(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /** A text given with the send: its unsubscribe placeholders become each copy's unsubscribe URL. */
    static LinkedText given(String text) {
        List<Part> parts = new ArrayList<>();
        Matcher placeholder = Tracking.UNSUBSCRIBE_PLACEHOLDERS.matcher(text);
        int copied = 0;
        while (placeholder.find()) {
            parts.add(new Text(text.substring(copied, placeholder.start())));
            parts.add(new Hole(new LinkHole.Unsubscribe()));
            copied = placeholder.end();
        }
        parts.add(new Text(text.substring(copied)));
        return new LinkedText(parts);
    }

    /**
     * The text {@link PlainText} derives from the instrumented HTML, its tracked links left open; empty when
     * {@code html} itself holds the characters that mark them.
     */
    static Optional<LinkedText> derived(String html, InstrumentPlan plan) {
        if (html.indexOf(OPEN) >= 0 || html.indexOf(CLOSE) >= 0) {
            return Optional.empty();
        }
        List<LinkHole> holes = new ArrayList<>();
        Map<LinkHole, String> markers = new HashMap<>();
        String marked = plan.render(hole -> markers.computeIfAbsent(hole, h -> {
            holes.add(h);
            return OPEN + String.valueOf(holes.size() - 1) + CLOSE;
        }));
        String text = PlainText.fromHtml(marked);
        List<Part> parts = new ArrayList<>();
        Matcher marker = MARKER.matcher(text);
        int copied = 0;
        while (marker.find()) {
            parts.add(new Text(text.substring(copied, marker.start())));
            parts.add(new Hole(holes.get(Integer.parseInt(marker.group(1)))));
            copied = marker.end();
        }
        parts.add(new Text(text.substring(copied)));
        return Optional.of(new LinkedText(parts));
    }

    /** The text of one copy: {@code links} gives each hole's URL. */
    String fill(Function<LinkHole, String> links) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            switch (part) {
                case Text text -> out.append(text.text());
                case Hole hole -> out.append(links.apply(hole.hole()));
            }
        }
        return out.toString();
    }
}
