package dev.postcard.bounces.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 5322-style "Name: value" fields from text: the body of a {@code message/delivery-status} or
 * {@code message/feedback-report} part, or a block of quoted headers. Folded continuation lines are joined with
 * one space; lines that are not fields end nothing, they are skipped.
 */
public final class HeaderFields {
    private HeaderFields() {
    }

    /** Splits text into blank-line-separated blocks, each a list of unfolded fields. */
    public static List<List<MailPart.Header>> blocks(String text) {
        List<List<MailPart.Header>> blocks = new ArrayList<>();
        List<MailPart.Header> current = new ArrayList<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : text.split("\r?\n|\r", -1)) {
            if (line.isBlank()) {
                if (name != null) {
                    current.add(new MailPart.Header(name, value.toString().trim()));
                    name = null;
                }
                if (!current.isEmpty()) {
                    blocks.add(current);
                    current = new ArrayList<>();
                }
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.trim());
                continue;
            }
            int colon = line.indexOf(':');
            if (name != null) {
                current.add(new MailPart.Header(name, value.toString().trim()));
                name = null;
            }
            if (colon > 0 && colon < 80 && line.substring(0, colon).matches("[!-9;-~]+")) {
                name = line.substring(0, colon);
                value.setLength(0);
                value.append(line.substring(colon + 1));
            }
        }
        if (name != null) {
            current.add(new MailPart.Header(name, value.toString().trim()));
        }
        if (!current.isEmpty()) {
            blocks.add(current);
        }
        return blocks;
    }

    /** All fields of the text as one list, ignoring block boundaries. */
    public static List<MailPart.Header> all(String text) {
        List<MailPart.Header> all = new ArrayList<>();
        blocks(text).forEach(all::addAll);
        return all;
    }

    /** The first value of a field in a block. */
    public static String get(List<MailPart.Header> block, String name) {
        for (MailPart.Header h : block) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }
}
