package dev.postcard.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One TCP connection to a test server, written by hand, for what a well-behaved client does not do: stop
 * half-way through a request, send it a byte at a time, speak HTTP/1.0, hold connections open.
 */
final class RawConnection implements AutoCloseable {
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

    private final Socket socket;

    private RawConnection(Socket socket) {
        this.socket = socket;
    }

    static RawConnection open(TestServer server) {
        try {
            return new RawConnection(new Socket("localhost", server.server().port()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code text} (ISO-8859-1); a server that has closed already is not an error here. */
    RawConnection send(String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        } catch (SocketException e) {
            // closed by the server: what it answered is still there to read
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Reads one answer: its head, and its body up to its Content-Length. */
    String readAnswer() {
        try {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            while (!bytes.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new AssertionError("the connection closed before an answer: " + bytes);
                }
                bytes.write(b);
            }
            String head = bytes.toString(StandardCharsets.ISO_8859_1);
            Matcher length = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(head);
            if (!length.find()) {
                throw new AssertionError("an answer without Content-Length: " + head);
            }
            return head + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until the server closes the connection or {@code wait} passes: what arrived, and whether it closed. */
    Received readUntilClosed(Duration wait) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + wait.toNanos();
        byte[] buffer = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return new Received(received.toString(StandardCharsets.UTF_8), false);
                }
                socket.setSoTimeout((int) left);
                int n = in.read(buffer);
                if (n < 0) {
                    return new Received(received.toString(StandardCharsets.UTF_8), true);
                }
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return new Received(received.toString(StandardCharsets.UTF_8), false);
        } catch (SocketException e) {
            return new Received(received.toString(StandardCharsets.UTF_8), true); // reset by the server
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a connection received until it closed (or the wait ended). */
    record Received(String text, boolean closed) {
        List<Integer> statuses() {
            List<Integer> statuses = new ArrayList<>();
            Matcher m = STATUS_LINE.matcher(text);
            while (m.find()) {
                statuses.add(Integer.parseInt(m.group(1)));
            }
            return statuses;
        }

        /** The head of the first answer, lower-cased. */
        String head() {
            int end = text.indexOf("\r\n\r\n");
            return (end < 0 ? text : text.substring(0, end)).toLowerCase(Locale.ROOT);
        }

        /** What follows the head of the first answer. */
        String body() {
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? "" : text.substring(end + 4);
        }
    }
}
