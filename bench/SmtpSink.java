import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sending benchmark's relay: an SMTP server that accepts every message and keeps nothing but counts. Written
 * here rather than GreenMail so that the sink costs little next to the senders it measures: no parsing, no
 * storage, one virtual thread per connection.
 *
 *   java SmtpSink SMTP_PORT CONTROL_PORT
 *
 * A connection to CONTROL_PORT is answered with "messages connections" and closed.
 */
public final class SmtpSink {
    private static final AtomicLong MESSAGES = new AtomicLong();
    private static final AtomicLong CONNECTIONS = new AtomicLong();

    public static void main(String[] args) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ServerSocket smtp = new ServerSocket();
        smtp.bind(new InetSocketAddress(loopback, Integer.parseInt(args[0])), 512);
        ServerSocket control = new ServerSocket();
        control.bind(new InetSocketAddress(loopback, Integer.parseInt(args[1])));
        Thread.ofVirtual().start(() -> serveControl(control));
        System.out.println("READY");
        System.out.flush();
        while (true) {
            Socket socket = smtp.accept();
            CONNECTIONS.incrementAndGet();
            Thread.ofVirtual().start(() -> session(socket));
        }
    }

    private static void serveControl(ServerSocket control) {
        while (true) {
            try (Socket s = control.accept(); OutputStream out = s.getOutputStream()) {
                out.write((MESSAGES.get() + " " + CONNECTIONS.get() + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // a reader that left: nothing to do
            }
        }
    }

    private static void session(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
             OutputStream out = socket.getOutputStream()) {
            reply(out, "220 sink ESMTP");
            String line;
            while ((line = readLine(in)) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (verb) {
                    case "EHLO" -> reply(out, "250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 52428800");
                    case "HELO" -> reply(out, "250 sink");
                    case "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 2.0.0 OK");
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        String body;
                        while ((body = readLine(in)) != null && !body.equals(".")) {
                            // the content is not kept
                        }
                        MESSAGES.incrementAndGet();
                        reply(out, "250 2.0.0 queued as " + MESSAGES.get());
                    }
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 bye");
                        return;
                    }
                    default -> reply(out, "502 5.5.2 not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One line without its CRLF, or null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
