package dev.postcard.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replacements of character ranges of one source text, applied together. Instrumentation splices its few
 * changes into the original text instead of re-serialising a parsed tree, so every byte it did not mean to
 * touch — doctype, entities, comments, quoting, whitespace — comes out exactly as it went in.
 */
final class SourceEdits {
    private final String source;
    private final TreeMap<Integer, Edit> byStart = new TreeMap<>();

    SourceEdits(String source) {
        this.source = source;
    }

    /**
     * Replaces {@code [start, end)} (an insertion when equal). Returns false, changing nothing, when the range
     * touches one already edited: the first edit of a region wins.
     */
    boolean replace(int start, int end, InstrumentPlan.Part piece) {
        if (start < 0 || end < start || end > source.length() || byStart.containsKey(start)) {
            return false;
        }
        Map.Entry<Integer, Edit> before = byStart.lowerEntry(start);
        if (before != null && before.getValue().end() > start) {
            return false;
        }
        Map.Entry<Integer, Edit> after = byStart.higherEntry(start);
        if (after != null && after.getKey() < end) {
            return false;
        }
        byStart.put(start, new Edit(end, piece));
        return true;
    }

    /** The source cut at the edits, with each edit's piece in place of what it replaces, in order. */
    List<InstrumentPlan.Part> apply() {
        List<InstrumentPlan.Part> pieces = new ArrayList<>(byStart.size() * 2 + 1);
        int copied = 0;
        for (Map.Entry<Integer, Edit> entry : byStart.entrySet()) {
            pieces.add(new InstrumentPlan.Literal(source.substring(copied, entry.getKey())));
            pieces.add(entry.getValue().piece());
            copied = entry.getValue().end();
        }
        pieces.add(new InstrumentPlan.Literal(source.substring(copied)));
        return pieces;
    }

    private record Edit(int end, InstrumentPlan.Part piece) {
    }
}
