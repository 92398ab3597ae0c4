package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.server.HttpTimeouts;
import dev.postcard.server.ServerConfig;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A client cannot hold a connection (its thread, its reserved body memory) by sending its request slowly: its
 * line and headers get half a second here from their first byte, its body half a second from when it is
 * awaited, then the answer is 408 and the connection closes. The idle timeout stays at its minute, so it cannot
 * be what closes them; each case waits at most ten seconds for the server.
 */
class SlowClientsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final HttpTimeouts SHORT = HttpTimeouts.DEFAULT
            .withHeaderTimeout(Duration.ofMillis(500)).withBodyTimeout(Duration.ofMillis(500));

    private static ServerConfig config(TestDatabase db) {
        return TestServer.config(db.url()).toBuilder().http(SHORT).build();
    }

    @EachDatabase
    void aRequestWhoseLineOrHeadersStopArrivingIsAnswered408AndClosed(TestDatabase db) {
        try (TestServer server = TestServer.start(config(db))) {
            for (String partial : new String[] {"GET /healthz HT", "GET /healthz HTTP/1.1\r\nHost: localhost\r\n",
                    "POST /v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: appl"}) {
                try (RawConnection client = RawConnection.open(server).send(partial)) {
                    RawConnection.Received received = client.readUntilClosed(PATIENCE);

                    assertThat(received.closed()).as("closed after %s", partial).isTrue();
                    assertThat(received.statuses()).as(partial).containsExactly(408);
                    assertThat(received.head()).contains("connection: close", "application/problem+json");
                }
            }
        }
    }

    @EachDatabase
    void headersSentAByteAtATimeAreCutOffAllTheSame(TestDatabase db) {
        try (TestServer server = TestServer.start(config(db));
             RawConnection client = RawConnection.open(server).send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n")) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            RawConnection.Received received = client.readUntilClosed(Duration.ofMillis(100));
            while (!received.closed() && System.nanoTime() < deadline) {
                client.send("X"); // a byte every 100 ms: each read is quick, the headers never end
                received = client.readUntilClosed(Duration.ofMillis(100));
            }

            assertThat(received.closed()).as("closed within ten seconds").isTrue();
            assertThat(received.statuses()).containsExactly(408);
        }
    }

    @EachDatabase
    void aBodyThatStopsArrivingIsAnswered408AndClosedAndItsMemoryFreed(TestDatabase db) {
        // Memory for one body only: while the slow one holds it, no other body is read.
        ServerConfig config = config(db).toBuilder().maxBody(4096).maxBodyMemory(OptionalLong.of(4096)).build();
        try (TestServer server = TestServer.start(config)) {
            String head = "POST /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ADMIN_KEY
                    + "\r\nContent-Type: application/json\r\n";
            for (String slow : new String[] {head + "Content-Length: 100\r\n\r\n{\"type\":",
                    head + "Transfer-Encoding: chunked\r\n\r\n8\r\n{\"type\":\r\n", head + "Transfer-Encoding: chunked\r\n\r\n8\r\n{\"ty"}) {
                RawConnection.Received received = slowlySentWithinTenSeconds(server, slow);

                assertThat(received.closed()).as("closed after %s", slow).isTrue();
                assertThat(received.statuses()).as(slow).containsExactly(408);
                assertThat(postedWithinTenSeconds(server)).as("a body after the slow one's").isEqualTo(201);
            }
        }
    }

    /**
     * Sends the start of a request that never ends until it is not refused for want of body memory: the request
     * before it (answered 201) frees its memory just after its answer is written, so it may still hold it.
     */
    private static RawConnection.Received slowlySentWithinTenSeconds(TestServer server, String slow) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try (RawConnection client = RawConnection.open(server).send(slow)) {
                RawConnection.Received received = client.readUntilClosed(PATIENCE);
                if (!received.statuses().equals(java.util.List.of(503)) || System.nanoTime() > deadline) {
                    return received;
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    /**
     * Posts an event until it is not refused for want of body memory (the slow request's thread frees it just
     * after its connection closes), for at most ten seconds; the last status.
     */
    private static int postedWithinTenSeconds(TestServer server) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            int status = server.post("/v1/events", ADMIN_KEY, "{\"type\": \"email.sent\", \"data\": {\"to\": \"a@example.com\"}}")
                    .statusCode();
            if (status != 503 || System.nanoTime() > deadline) {
                return status;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    @EachDatabase
    void aConnectionWaitingForItsNextRequestIsNotHeldToTheHeaderTimeout(TestDatabase db) {
        try (TestServer server = TestServer.start(config(db));
             RawConnection client = RawConnection.open(server)) {
            client.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(client.readAnswer()).startsWith("HTTP/1.1 200 ");
            client.readUntilClosed(Duration.ofMillis(1500)); // three times the header timeout, idle between requests

            client.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(client.readUntilClosed(PATIENCE).statuses()).containsExactly(200);
        }
    }
}
