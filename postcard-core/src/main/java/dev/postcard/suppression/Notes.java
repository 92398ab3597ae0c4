package dev.postcard.suppression;

import dev.postcard.InvalidInputException;
import dev.postcard.event.StorableText;

/** The free note of an entry: one line of storable text, so CSV exports keep one entry per line. */
final class Notes {
    static final int MAX_LENGTH = 1000;

    private Notes() {
    }

    static String check(String note) {
        StorableText.check("note", note);
        if (note.length() > MAX_LENGTH || note.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new InvalidInputException("note", "note must be one line of at most " + MAX_LENGTH + " characters");
        }
        return note;
    }
}
