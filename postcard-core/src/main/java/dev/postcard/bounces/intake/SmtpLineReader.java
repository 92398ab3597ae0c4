package dev.postcard.bounces.intake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads SMTP lines (ending in CRLF, or a bare LF from lenient clients) without ever holding more than a limit:
 * an overlong line is read to its end and discarded, and the caller told.
 */
final class SmtpLineReader {
    /** One line without its ending; {@code tooLong} when it was cut at the limit. */
    record Line(byte[] bytes, boolean tooLong) {
        String text() {
            return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    private final InputStream in;

    SmtpLineReader(InputStream in) {
        this.in = in;
    }

    /** The next line, or null at the end of the stream. */
    Line read(int limit) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(Math.min(limit, 1024));
        boolean tooLong = false;
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = !tooLong && bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return end > limit ? new Line(java.util.Arrays.copyOf(bytes, limit), true)
                        : new Line(java.util.Arrays.copyOf(bytes, end), tooLong);
            }
            if (line.size() < limit + 1) { // room for the CR of a line exactly at the limit
                line.write(b);
            } else {
                tooLong = true;
            }
        }
        return null;
    }
}
