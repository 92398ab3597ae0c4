package dev.postcard.bounces.mime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Mail saved from a Unix mailbox starts with a {@code From sender date} postmark line, and a saved file may hold
 * several messages, each after its own postmark. Splits such input into messages without their postmarks;
 * anything else is one message.
 */
public final class Mailbox {
    static final int MAX_MESSAGES = 20;

    private Mailbox() {
    }

    public static List<byte[]> messages(byte[] raw) {
        if (!startsWithPostmark(raw, 0)) {
            return List.of(raw);
        }
        List<byte[]> out = new ArrayList<>();
        int start = lineEnd(raw, 0);
        for (int i = start; i < raw.length && out.size() < MAX_MESSAGES - 1; i++) {
            if (raw[i] == '\n' && i + 1 < raw.length && startsWithPostmark(raw, i + 1) && blankBefore(raw, i)) {
                out.add(slice(raw, start, i + 1));
                start = lineEnd(raw, i + 1);
                i = start - 1;
            }
        }
        out.add(slice(raw, start, raw.length));
        return out;
    }

    private static boolean startsWithPostmark(byte[] raw, int at) {
        if (raw.length - at < 6) {
            return false;
        }
        return new String(raw, at, 5, StandardCharsets.ISO_8859_1).equals("From ");
    }

    private static boolean blankBefore(byte[] raw, int newline) {
        int i = newline - 1;
        if (i >= 0 && raw[i] == '\r') {
            i--;
        }
        return i >= 0 && raw[i] == '\n';
    }

    private static int lineEnd(byte[] raw, int from) {
        for (int i = from; i < raw.length; i++) {
            if (raw[i] == '\n') {
                return i + 1;
            }
        }
        return raw.length;
    }

    private static byte[] slice(byte[] raw, int from, int to) {
        byte[] out = new byte[Math.max(0, to - from)];
        System.arraycopy(raw, from, out, 0, out.length);
        return out;
    }
}
