package dev.postcard.sending.smtp;

import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * An extra header of a message ({@code OutgoingMessage.headers()}): which ones may be given, and how one is put on
 * the wire. A value holds no line break (a CR or LF would let a sender add headers or a body of their own), is
 * written as RFC 2047 encoded-words when it is not ASCII, and is folded at white space to lines of at most 78
 * characters where it can be and 998 octets always.
 */
public final class HeaderField {
    private static final int MAX_LINE = 998;

    /** Written by {@link MimeComposer} from the message's own fields; given as extra headers they would clash. */
    private static final Set<String> RESERVED = Set.of("from", "to", "cc", "bcc", "reply-to", "subject", "date",
            "message-id", "mime-version", "content-type", "content-transfer-encoding", "content-disposition",
            "return-path");

    private HeaderField() {
    }

    /**
     * Checks one extra header.
     *
     * @throws IllegalArgumentException saying what is wrong: a name that is not 1 to 76 printable ASCII characters
     *                                  without a colon, a name the composer writes itself, a control character or
     *                                  line break in the value
     */
    public static void check(String name, String value) {
        if (name == null || name.isEmpty() || name.length() > 76) {
            throw new IllegalArgumentException("a header name is 1 to 76 characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 33 || c > 126 || c == ':') {
                throw new IllegalArgumentException("header name '" + printable(name)
                        + "' may hold only printable ASCII characters other than ':'");
            }
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("header " + name + " is set from the message's own fields");
        }
        if (value == null) {
            throw new IllegalArgumentException("header " + name + " has no value");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException("header " + name + " must not contain a line break");
            }
            if (c < 32 && c != '\t' || c == 127) {
                throw new IllegalArgumentException("header " + name + " must not contain control characters");
            }
        }
    }

    /**
     * The value as it is written after {@code name: }: encoded when not ASCII, folded.
     *
     * @throws IllegalArgumentException when {@link #check} refuses the header, or a word of the value is too long
     *                                  to fit a line of 998 octets
     */
    static String wireValue(String name, String value) {
        check(name, value);
        String encoded;
        try {
            encoded = MimeUtility.encodeText(value, StandardCharsets.UTF_8.name(), null);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
        String folded = MimeUtility.fold(name.length() + 2, encoded);
        String[] lines = folded.split("\r\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int length = lines[i].getBytes(StandardCharsets.UTF_8).length + (i == 0 ? name.length() + 2 : 0);
            if (length > MAX_LINE) {
                throw new IllegalArgumentException("header " + name + " has a word too long for a line of "
                        + MAX_LINE + " octets");
            }
        }
        return folded;
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(c >= 32 && c < 127 ? Character.toString(c) : String.format("\\u%04x", c)));
        return out.toString();
    }
}
