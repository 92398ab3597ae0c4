package dev.postcard.sending.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Quoted-printable (RFC 2045 §6.7) of a text in UTF-8, in one pass. Angus Mail's encoder is a stream that hands
 * every octet to the stream below it in a call of its own; for the few kilobytes of an HTML body that was a fifth
 * of the CPU of a sent copy (measured, BENCHMARKS.md "Sending"). The body parts take these octets as they are, in
 * one write.
 *
 * <p>The rules: printable ASCII but {@code =} as it is, every other octet as {@code =XX}; a space or tab at the end
 * of a line encoded; CR, LF and CRLF all hard line breaks (CRLF); a soft line break ({@code =} CRLF) before a line
 * would grow past 76 octets, never inside an {@code =XX}.
 */
final class QuotedPrintable {
    /** The longest encoded line before its soft break's {@code =}. */
    private static final int LINE = 75;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private QuotedPrintable() {
    }

    /** The encoded text, in ASCII octets. */
    static byte[] encode(String text) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        // At most 3 octets for each, a 3-octet soft break for every 25 encoded ones, CRLF for a lone CR or LF.
        byte[] out = new byte[4 * in.length + 8];
        int length = 0;
        int column = 0;
        for (int i = 0; i < in.length; i++) {
            int octet = in[i] & 0xFF;
            if (octet == '\r' || octet == '\n') {
                if (octet == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
                out[length++] = '\r';
                out[length++] = '\n';
                column = 0;
                continue;
            }
            boolean endsLine = i + 1 == in.length || in[i + 1] == '\r' || in[i + 1] == '\n';
            boolean asItIs = octet >= 33 && octet <= 126 && octet != '='
                    || (octet == ' ' || octet == '\t') && !endsLine;
            int width = asItIs ? 1 : 3;
            if (column + width > LINE) {
                out[length++] = '=';
                out[length++] = '\r';
                out[length++] = '\n';
                column = 0;
            }
            if (asItIs) {
                out[length++] = (byte) octet;
            } else {
                out[length++] = '=';
                out[length++] = HEX[octet >> 4];
                out[length++] = HEX[octet & 0xF];
            }
            column += width;
        }
        return Arrays.copyOf(out, length);
    }
}
