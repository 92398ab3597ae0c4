package dev.postcard.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an HTTP/1.x response head and the first bytes of its body (RFC 9112), and nothing more: the
 * connection is closed afterwards, so the rest of a large body is never transferred.
 */
final class ResponseReader {
    static final int MAX_LINE = 8 * 1024;
    static final int MAX_HEADERS = 100;
    private static final int MAX_INTERIM = 10;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] ([1-9][0-9]{2})(?: .*)?");
    private static final Pattern CHUNK_SIZE = Pattern.compile("([0-9A-Fa-f]{1,8})[ \\t]*(?:;.*)?");

    private final InputStream in;
    private final int limit;

    private ResponseReader(InputStream in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    /**
     * Reads the response. Once the status line and headers are in, a failure while reading the body only
     * shortens the excerpt: the receiver has answered, and the excerpt is for the delivery log.
     *
     * @param in    the connection's input, buffered
     * @param limit the most body bytes to read
     * @throws ProtocolException when the head is not HTTP/1.x or the connection closes before it ends
     */
    static ReceivedResponse read(InputStream in, int limit) throws IOException {
        return new ResponseReader(in, limit).read();
    }

    private ReceivedResponse read() throws IOException {
        for (int interim = 0; interim <= MAX_INTERIM; interim++) {
            int status = statusLine();
            Map<String, String> headers = headers();
            if (status == 101) {
                throw new ProtocolException("receiver switched protocols (101) in answer to a POST");
            }
            if (status >= 200) {
                return new ReceivedResponse(status, headers, excerpt(status, headers));
            }
            // 100 Continue, 103 Early Hints ...: the final response follows.
        }
        throw new ProtocolException("receiver sent more than " + MAX_INTERIM + " interim (1xx) responses");
    }

    private int statusLine() throws IOException {
        String line = line("status line");
        Matcher matcher = STATUS_LINE.matcher(line);
        if (!matcher.matches()) {
            throw new ProtocolException("not an HTTP/1.x status line: " + printable(line));
        }
        return Integer.parseInt(matcher.group(1));
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (int count = 0; ; count++) {
            String line = line("response headers");
            if (line.isEmpty()) {
                return headers;
            }
            if (count == MAX_HEADERS) {
                throw new ProtocolException("more than " + MAX_HEADERS + " response headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new ProtocolException("malformed response header line: " + printable(line));
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (name.equals("content-length") && headers.containsKey(name) && !headers.get(name).equals(value)) {
                throw new ProtocolException("conflicting Content-Length headers");
            }
            headers.merge(name, value, name.equals("transfer-encoding") ? (a, b) -> a + ", " + b : (a, b) -> a);
        }
    }

    private byte[] excerpt(int status, Map<String, String> headers) throws IOException {
        if (status == 204 || status == 304 || limit == 0) {
            return new byte[0];
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(Math.min(limit, 1024));
        try {
            String transferEncoding = headers.get("transfer-encoding");
            if (transferEncoding != null) {
                // RFC 9112 §6.3: Transfer-Encoding wins over Content-Length; without chunked last, read to close.
                if (lastCoding(transferEncoding).equals("chunked")) {
                    readChunked(body);
                } else {
                    copy(body, limit);
                }
            } else if (headers.containsKey("content-length")) {
                copy(body, (int) Math.min(limit, contentLength(headers.get("content-length"))));
            } else {
                copy(body, limit);
            }
        } catch (IOException e) {
            // The answer is in; keep what arrived of the body.
        }
        return body.toByteArray();
    }

    private void readChunked(ByteArrayOutputStream body) throws IOException {
        while (body.size() < limit) {
            String line = line("chunk size");
            Matcher matcher = CHUNK_SIZE.matcher(line);
            if (!matcher.matches()) {
                throw new ProtocolException("malformed chunk size");
            }
            long size = Long.parseLong(matcher.group(1), 16);
            if (size == 0) {
                return; // trailers, if any, are not needed
            }
            long wanted = Math.min(size, limit - body.size());
            copy(body, (int) wanted);
            if (wanted < size) {
                return;
            }
            if (!line("chunk end").isEmpty()) {
                throw new ProtocolException("chunk data longer than its size");
            }
        }
    }

    private void copy(ByteArrayOutputStream body, int count) throws IOException {
        byte[] buffer = new byte[Math.min(count, 1024)];
        int remaining = count;
        while (remaining > 0) {
            int read = in.read(buffer, 0, Math.min(remaining, buffer.length));
            if (read < 0) {
                return;
            }
            body.write(buffer, 0, read);
            remaining -= read;
        }
    }

    private static long contentLength(String value) throws ProtocolException {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ProtocolException("malformed Content-Length");
        }
        return Long.parseLong(value);
    }

    private static String lastCoding(String transferEncoding) {
        String[] codings = transferEncoding.split(",");
        return codings[codings.length - 1].strip().toLowerCase(Locale.ROOT);
    }

    /** A line without its CRLF (a bare LF is accepted, RFC 9112 §2.2). */
    private String line(String what) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new ProtocolException("receiver closed the connection in the " + what);
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() == MAX_LINE) {
                throw new ProtocolException(what + " longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b); // ISO-8859-1, as RFC 9110 reads field values
        }
    }

    private static String printable(String line) {
        String shown = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        StringBuilder out = new StringBuilder(shown.length());
        shown.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return "'" + out + "'";
    }
}
