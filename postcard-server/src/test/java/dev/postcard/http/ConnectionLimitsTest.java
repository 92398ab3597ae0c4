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

/**
 * A client cannot hold a connection for as long as it likes: one whose request line stops arriving, and a
 * kept-alive one with nothing to do, are closed after the idle timeout (a second here; each case waits at
 * most ten for the server to close).
 */
class ConnectionLimitsTest {
    private static final HttpTimeouts SHORT = new HttpTimeouts(Duration.ofSeconds(1), 10_000);

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
