package dev.postcard.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.server.HttpTimeouts;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
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

/**
 * A client cannot hold connections as it likes: one whose request line stops arriving is closed after the
 * header timeout, one that sends nothing or a kept-alive one with nothing to do after the idle timeout (a
 * second each here; each case waits at most ten for the server to close), and one address has at most so many
 * connections at once.
 */
class ConnectionLimitsTest {
    private static final HttpTimeouts SHORT = HttpTimeouts.DEFAULT.withIdleTimeout(Duration.ofSeconds(1))
            .withHeaderTimeout(Duration.ofSeconds(1));

    @EachDatabase
    void aRequestLineThatStopsArrivingIsCutOff(TestDatabase db) {
        try (TestServer server = TestServer.start(TestServer.config(db.url()).toBuilder().http(SHORT).build())) {
            assertThat(closesWithinTenSeconds(server, "GET /healthz HT")).isTrue();
            assertThat(closesWithinTenSeconds(server, "")).as("a connection that sends nothing").isTrue();
        }
    }

    @EachDatabase
    void anIdleKeptAliveConnectionIsClosed(TestDatabase db) {
        try (TestServer server = TestServer.start(TestServer.config(db.url()).toBuilder().http(SHORT).build())) {
            assertThat(closesWithinTenSeconds(server, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")).isTrue();
        }
    }

    @EachDatabase
    void connectionsBeyondTheCapOfAClientAreClosedAtOnceAndAFreedSlotServesAgain(TestDatabase db) {
        HttpTimeouts capped = HttpTimeouts.DEFAULT.withMaxConnectionsPerClient(3);
        try (TestServer server = TestServer.start(TestServer.config(db.url()).toBuilder().http(capped).build())) {
            List<RawConnection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    RawConnection connection = RawConnection.open(server).send(KEEP_ALIVE_REQUEST);
                    held.add(connection);
                    assertThat(connection.readAnswer()).as("connection %d of 3", i + 1).startsWith("HTTP/1.1 200 ");
                }

                try (RawConnection fourth = RawConnection.open(server)) {
                    RawConnection.Received refused = fourth.send(KEEP_ALIVE_REQUEST).readUntilClosed(Duration.ofSeconds(10));
                    assertThat(refused.closed()).as("the fourth connection is closed").isTrue();
                    assertThat(refused.text()).as("and not answered").isEmpty();
                }

                held.removeFirst().close();
                assertThat(servedWithinTenSeconds(server)).as("a connection after one of the three closed").isTrue();
            } finally {
                held.forEach(RawConnection::close);
            }
        }
    }

    private static final String KEEP_ALIVE_REQUEST = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";

    /** Opens connections until one is answered (the server frees a slot when it sees a close), for ten seconds. */
    private static boolean servedWithinTenSeconds(TestServer server) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (RawConnection connection = RawConnection.open(server)) {
                if (connection.send(KEEP_ALIVE_REQUEST.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"))
                        .readUntilClosed(Duration.ofSeconds(10)).statuses().equals(List.of(200))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Sends {@code bytes}, then reads (answers, if any) until the server closes or ten seconds pass. */
    private static boolean closesWithinTenSeconds(TestServer server, String bytes) {
        try (Socket socket = new Socket("localhost", server.server().port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                while (in.read(buffer) >= 0) {
                    // an answer (the idle case), or a 408: read on until the end
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true; // reset by the server
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
