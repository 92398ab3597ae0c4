package dev.postcard.bounces.reasons;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of the phrase families' required literals ({@link RequiredLiteral}) a text contains, found in one pass
 * over the text with the literals indexed by their first two characters. A family none of whose literals occurs
 * cannot match, so its regular expression is not run: java.util.regex tries every alternative at every word of
 * the text, which made deciding one reason cost some 80 µs; most families are ruled out this way for a few.
 */
final class LiteralIndex {
    private final Map<Integer, List<Entry>> byFirstTwo;

    private record Entry(String literal, int id) {
    }

    private LiteralIndex(Map<Integer, List<Entry>> byFirstTwo) {
        this.byFirstTwo = byFirstTwo;
    }

    /** The ids of the literals that occur in the text. */
    BitSet present(String text) {
        BitSet found = new BitSet();
        for (int i = 0; i + 1 < text.length(); i++) {
            List<Entry> candidates = byFirstTwo.get(key(text.charAt(i), text.charAt(i + 1)));
            if (candidates != null) {
                for (Entry e : candidates) {
                    if (text.startsWith(e.literal(), i)) {
                        found.set(e.id());
                    }
                }
            }
        }
        return found;
    }

    private static int key(char a, char b) {
        return a << 16 | b;
    }

    /** Collects the literals while the families are built; each distinct literal gets one id. */
    static final class Builder {
        private final Map<String, Integer> ids = new HashMap<>();

        int add(String literal) {
            return ids.computeIfAbsent(literal, l -> ids.size());
        }

        LiteralIndex build() {
            Map<Integer, List<Entry>> byFirstTwo = new HashMap<>();
            ids.forEach((literal, id) -> byFirstTwo
                    .computeIfAbsent(key(literal.charAt(0), literal.charAt(1)), k -> new ArrayList<>())
                    .add(new Entry(literal, id)));
            return new LiteralIndex(byFirstTwo);
        }
    }
}
