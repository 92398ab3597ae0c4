package dev.postcard.sending.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An SMTP server that answers from a script: every command gets a fixed reply unless the test set another
 * ({@code reply("RCPT", "550 5.1.1 no such user")}). It records what each transaction carried and counts
 * connections. Keys: {@code GREETING}, {@code EHLO}, {@code AUTH}, {@code MAIL}, {@code RCPT}, {@code DATA} (the
 * reply to the command) and {@code DOT} (the reply to the message); a reply may span lines joined by {@code \n}.
 */
final class ScriptedRelay implements AutoCloseable {
    record Transaction(String mailFrom, List<String> rcptTo, String data) {
    }

    private final Map<String, String> replies = new HashMap<>(Map.of(
            "GREETING", "220 relay.test ESMTP ready",
            "AUTH", "235 2.7.0 Authentication successful",
            "MAIL", "250 2.1.0 Sender ok",
            "RCPT", "250 2.1.5 Recipient ok",
            "DATA", "354 End data with <CR><LF>.<CR><LF>",
            "DOT", "250 2.0.0 Ok: queued as 4XyZ1"));
    private final List<Transaction> transactions = new CopyOnWriteArrayList<>();
    private final List<String> credentials = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket listener;
    private Optional<SSLContext> startTls = Optional.empty();
    private boolean offerAuth;
    private boolean silent;

    ScriptedRelay reply(String key, String reply) {
        replies.put(key, reply);
        return this;
    }

    /** Offers STARTTLS with this server certificate. */
    ScriptedRelay startTls(SSLContext server) {
        startTls = Optional.of(server);
        return this;
    }

    ScriptedRelay offerAuth() {
        offerAuth = true;
        return this;
    }

    /** Accepts connections and never answers. */
    ScriptedRelay silent() {
        silent = true;
        return this;
    }

    ScriptedRelay start() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(socket));
                } catch (IOException e) {
                    // closed
                }
            }
        });
        return this;
    }

    int port() {
        return listener.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    List<Transaction> transactions() {
        return List.copyOf(transactions);
    }

    /** {@code user\0password} of each AUTH PLAIN. */
    List<String> credentials() {
        return List.copyOf(credentials);
    }

    private void serve(Socket socket) {
        try (socket) {
            if (silent) {
                socket.getInputStream().readAllBytes();
                return;
            }
            Socket current = socket;
            BufferedReader in = reader(current);
            OutputStream out = current.getOutputStream();
            send(out, replies.get("GREETING"));
            String mailFrom = null;
            List<String> rcptTo = new ArrayList<>();
            boolean secure = false;
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO", "HELO" -> send(out, replies.getOrDefault("EHLO", "250-relay.test"
                            + (startTls.isPresent() && !secure ? "\n250-STARTTLS" : "")
                            + (offerAuth ? "\n250-AUTH PLAIN" : "") + "\n250 8BITMIME"));
                    case "STARTTLS" -> {
                        send(out, "220 2.0.0 Ready to start TLS");
                        SSLSocket tls = (SSLSocket) startTls.orElseThrow().getSocketFactory()
                                .createSocket(current, null, current.getPort(), true);
                        tls.setUseClientMode(false);
                        tls.startHandshake();
                        current = tls;
                        in = reader(current);
                        out = current.getOutputStream();
                        secure = true;
                    }
                    case "AUTH" -> {
                        String[] parts = line.split(" ");
                        String response = parts.length > 2 ? parts[2] : null;
                        if (response == null) {
                            send(out, "334 ");
                            response = in.readLine();
                        }
                        String decoded = new String(Base64.getDecoder().decode(response), StandardCharsets.UTF_8);
                        credentials.add(decoded.substring(decoded.indexOf('\0') + 1));
                        send(out, replies.get("AUTH"));
                    }
                    case "MAIL" -> {
                        mailFrom = between(line);
                        send(out, replies.get("MAIL"));
                    }
                    case "RCPT" -> {
                        rcptTo.add(between(line));
                        send(out, replies.get("RCPT"));
                    }
                    case "DATA" -> {
                        send(out, replies.get("DATA"));
                        if (replies.get("DATA").startsWith("354")) {
                            StringBuilder data = new StringBuilder();
                            String dataLine;
                            while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
                                data.append(dataLine).append("\r\n");
                            }
                            transactions.add(new Transaction(mailFrom, List.copyOf(rcptTo), data.toString()));
                            send(out, replies.get("DOT"));
                        }
                    }
                    case "RSET" -> {
                        mailFrom = null;
                        rcptTo.clear();
                        send(out, "250 2.0.0 Ok");
                    }
                    case "NOOP" -> send(out, "250 2.0.0 Ok");
                    case "QUIT" -> {
                        send(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> send(out, "502 5.5.2 Command not recognized");
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or the test closed the relay
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private static String between(String line) {
        int open = line.indexOf('<');
        int close = line.indexOf('>', open);
        return open < 0 || close < 0 ? "" : line.substring(open + 1, close);
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply.replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
