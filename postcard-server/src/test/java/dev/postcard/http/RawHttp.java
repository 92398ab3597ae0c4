package dev.postcard.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 written by hand, for requests a well-behaved client will not send: a declared body it never
 * sends, bytes that are not UTF-8, headers it refuses.
 */
final class RawHttp {
    private RawHttp() {
    }

    /** The answer: status, the header block (lower-cased names) and the body as text. */
    record Answer(int status, String headers, String body) {
        boolean hasHeader(String name, String valuePrefix) {
            return headers.toLowerCase(Locale.ROOT).lines()
                    .anyMatch(l -> l.startsWith(name.toLowerCase(Locale.ROOT) + ": " + valuePrefix.toLowerCase(Locale.ROOT)));
        }
    }

    /** Sends the request head (lines without the final blank line) and body, then reads until the server closes. */
    static Answer send(TestServer server, String head, byte[] body) {
        try (Socket socket = new Socket("localhost", server.server().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(body);
                out.flush();
            } catch (SocketException e) {
                // The server may answer and close before reading a body it refuses; its answer is still there.
            }
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one answer: up to its Content-Length, its last chunk, or the end of the connection. */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; !complete(bytes.toString(StandardCharsets.ISO_8859_1)) && (n = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketException e) {
            // reset after the answer: keep what arrived
        }
        return bytes.toByteArray();
    }

    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = text.substring(0, end).toLowerCase(Locale.ROOT);
        int length = head.indexOf("content-length: ");
        if (length >= 0) {
            int lineEnd = head.indexOf("\r\n", length);
            String value = head.substring(length + 16, lineEnd < 0 ? head.length() : lineEnd).strip();
            return text.length() - end - 4 >= Integer.parseInt(value);
        }
        return head.contains("transfer-encoding: chunked") && text.endsWith("\r\n0\r\n\r\n");
    }

    private static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("no complete HTTP answer: " + text);
        }
        String head = text.substring(0, end);
        int status = Integer.parseInt(head.substring(9, 12));
        String headers = head.substring(head.indexOf("\r\n") + 2).replace("\r\n", "\n");
        String body = text.substring(end + 4);
        if (headers.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new Answer(status, headers, body);
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }
}
