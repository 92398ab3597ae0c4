package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an event stream may hold of the server: a bounded number per tenant, and never a stalled write. */
class EventStreamLimitsTest {
    private static final Duration HEARTBEAT = Duration.ofMillis(250);

    @Test
    void aReaderThatStopsReadingIsDropped() throws IOException {
        try (TestServer server = start(); Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("localhost", server.server().port()));
            request(stalled);
            assertThat(head(stalled)).startsWith("HTTP/1.1 200");

            // Far more than the socket buffers on both sides hold, while the client reads nothing.
            String pad = "x".repeat(2_000); // metadata values are at most 2,048 characters
            String metadata = "\"metadata\": {\"a\": \"" + pad + "\", \"b\": \"" + pad + "\", \"c\": \"" + pad
                    + "\", \"d\": \"" + pad + "\"}";
            long posted = 0;
            for (int batch = 0; batch < 12; batch++) {
                StringBuilder events = new StringBuilder("[");
                for (int i = 0; i < 100; i++) {
                    events.append(i == 0 ? "" : ",").append(Events.envelope("evt_" + batch + "_" + i, "email.sent",
                            metadata));
                }
                var answer = server.post("/v1/events", ADMIN_KEY, events.append("]").toString());
                assertThat(answer.statusCode()).isEqualTo(200);
                TestServer.json(answer).get("data").forEach(row -> assertThat(row.get("status").asText())
                        .as(row.toString()).isEqualTo("created"));
                posted += 100L * 4 * pad.length();
            }

            long received = readUntilClosed(stalled, Duration.ofSeconds(60));
            assertThat(received).as("the server gave up on the stream before writing it all").isLessThan(posted);
        }
    }

    @Test
    void aTenantHoldsAtMostItsShareOfStreams() throws IOException {
        try (TestServer server = start()) {
            String key = server.tenantKey("acme");
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < EventStreams.PER_TENANT; i++) {
                    Socket socket = new Socket("localhost", server.server().port());
                    open.add(socket);
                    request(socket, key);
                    assertThat(head(socket)).startsWith("HTTP/1.1 200");
                }
                try (EventStreamClient refused = EventStreamClient.open(server, "/v1/events/stream", key)) {
                    assertThat(refused.status()).isEqualTo(429);
                    assertThat(refused.header("Retry-After")).isNotNull();
                }
                try (EventStreamClient otherTenant = EventStreamClient.open(server, "/v1/events/stream", ADMIN_KEY)) {
                    assertThat(otherTenant.status()).isEqualTo(200);
                }

                open.removeFirst().close(); // the server finds it gone at its next heartbeat
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                int status;
                do {
                    try (EventStreamClient again = EventStreamClient.open(server, "/v1/events/stream", key)) {
                        status = again.status();
                    }
                } while (status != 200 && System.nanoTime() < deadline);
                assertThat(status).as("a place freed by a stream that ended").isEqualTo(200);
            } finally {
                for (Socket socket : open) {
                    socket.close();
                }
            }
        }
    }

    private static TestServer start() {
        return TestServer.start(TestServer.config(TestDatabases.freshSqliteUrl()).toBuilder()
                .eventStreamHeartbeat(HEARTBEAT).build());
    }

    private static void request(Socket socket) throws IOException {
        request(socket, ADMIN_KEY);
    }

    private static void request(Socket socket, String key) throws IOException {
        socket.getOutputStream().write(("GET /v1/events/stream HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + key + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** The answer's status line and headers, read a byte at a time so nothing of the body is taken. */
    private static String head(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("closed before the answer's head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** Reads everything until the server closes the connection; fails when it is still open after {@code wait}. */
    private static long readUntilClosed(Socket socket, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        long total = 0;
        byte[] buffer = new byte[65536];
        try {
            socket.setSoTimeout(1_000);
            InputStream in = socket.getInputStream();
            while (System.nanoTime() < deadline) {
                try {
                    int n = in.read(buffer);
                    if (n < 0) {
                        return total;
                    }
                    total += n;
                } catch (SocketTimeoutException e) {
                    // nothing yet; look again until the deadline
                }
            }
        } catch (SocketException e) {
            return total; // reset by the server: closed as well
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("the stream was still open after " + wait + " (" + total + " bytes read)");
    }
}
