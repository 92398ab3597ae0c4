package dev.postcard.bounces.reasons;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Literals a phrase's regular expression cannot match without, one of which every match contains. Only what the
 * expression needs at its top level is read, so the answer is certain: {@code "over ?quota"} needs "quota";
 * {@code "(?:mailbox|user) (?:is )?full"} needs "full"; {@code "(?:user|recipient) unknown"} needs "unknown" or,
 * read from its first group, one of "user" and "recipient". Of the candidates, the one whose shortest literal is
 * longest is chosen (the most selective). A phrase with none (an alternation at its top level whose branches do
 * not all need a literal, or only runs shorter than two characters) gets an empty list.
 */
final class RequiredLiteral {
    static final int MIN_LENGTH = 2;

    private RequiredLiteral() {
    }

    /** The literals one of which every match of the phrase contains; empty when there are none. */
    static List<String> of(String phrase) {
        List<String> branches = splitTopLevel(phrase);
        if (branches.size() > 1) {
            List<String> any = new ArrayList<>();
            for (String branch : branches) {
                List<String> needed = of(branch);
                if (needed.isEmpty()) {
                    return List.of();
                }
                any.addAll(needed);
            }
            return any;
        }
        List<List<String>> candidates = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        int i = 0;
        while (i < phrase.length()) {
            char c = phrase.charAt(i);
            int next;
            Character literal = null;
            String group = null;
            if (c == '\\') {
                if (i + 1 >= phrase.length()) {
                    return List.of();
                }
                char e = phrase.charAt(i + 1);
                literal = Character.isLetterOrDigit(e) ? null : e; // \b, \d, \s... are not characters of the text
                next = i + 2;
            } else if (c == '(' || c == '[') {
                int close = closing(phrase, i, c, c == '(' ? ')' : ']');
                if (close < 0) {
                    return List.of();
                }
                if (phrase.startsWith("(?:", i)) {
                    group = phrase.substring(i + 3, close);
                }
                next = close + 1;
            } else if (c == '{') {
                next = phrase.indexOf('}', i) + 1; // a counted repetition {m,n}: its digits are not text
                if (next == 0) {
                    return List.of();
                }
            } else if (".^$?*+}".indexOf(c) >= 0) {
                next = i + 1;
            } else {
                literal = c;
                next = i + 1;
            }
            boolean quantified = next < phrase.length() && "?*+{".indexOf(phrase.charAt(next)) >= 0;
            boolean optional = quantified && phrase.charAt(next) != '+';
            if (literal != null && !quantified) {
                run.append(literal);
                i = next;
                continue;
            }
            if (literal != null && !optional) {
                run.append(literal); // one at least: required, but the run ends with it
            }
            addRun(candidates, run);
            if (group != null && !optional) {
                List<String> inGroup = of(group);
                if (!inGroup.isEmpty()) {
                    candidates.add(inGroup);
                }
            }
            i = next;
        }
        addRun(candidates, run);
        return candidates.stream()
                .max(Comparator.comparingInt(RequiredLiteral::shortest))
                .orElse(List.of());
    }

    private static void addRun(List<List<String>> candidates, StringBuilder run) {
        if (run.length() >= MIN_LENGTH) {
            candidates.add(List.of(run.toString()));
        }
        run.setLength(0);
    }

    private static int shortest(List<String> literals) {
        return literals.stream().mapToInt(String::length).min().orElse(0);
    }

    /** The branches of an alternation at depth zero, ignoring escaped characters and character classes. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean inClass = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** The index of the bracket closing the one at {@code open} (escapes and classes respected), or -1. */
    private static int closing(String text, int open, char opening, char closing) {
        int depth = 0;
        boolean inClass = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (opening == '(' && inClass) {
                inClass = c != ']';
            } else if (opening == '(' && c == '[') {
                inClass = true;
            } else if (c == opening) {
                depth++;
            } else if (c == closing && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
