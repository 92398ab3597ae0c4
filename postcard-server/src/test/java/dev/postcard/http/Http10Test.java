package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.time.Duration;

/**
 * HTTP/1.0 requests, as a reverse proxy sends them by default (nginx), are served, not refused: answered as
 * HTTP/1.1 in a form a 1.0 client reads (never chunked), the connection closed after the answer unless the
 * request asked for keep-alive (RFC 9112 §9.3).
 */
class Http10Test {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @EachDatabase
    void aRequestIsServedAndTheConnectionClosedAfterTheAnswer(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (String path : new String[] {"/healthz", "/track/open/msg_unknown"}) {
                try (RawConnection proxy = RawConnection.open(server)) {
                    RawConnection.Received received = proxy.send("GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n")
                            .readUntilClosed(PATIENCE);

                    assertThat(received.statuses()).as(path).containsExactly(200);
                    assertThat(received.head()).as(path).contains("connection: close", "content-length: ")
                            .doesNotContain("transfer-encoding");
                    assertThat(received.closed()).as(path + ": closed after the answer").isTrue();
                }
            }
        }
    }

    @EachDatabase
    void keepAliveKeepsTheConnectionForTheNextRequest(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url());
             RawConnection proxy = RawConnection.open(server)) {
            proxy.send("GET /healthz HTTP/1.0\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n");
            assertThat(proxy.readAnswer()).containsIgnoringCase("connection: keep-alive");

            RawConnection.Received second = proxy.send("GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n")
                    .readUntilClosed(PATIENCE);
            assertThat(second.statuses()).containsExactly(200);
            assertThat(second.closed()).isTrue();
        }
    }

    @EachDatabase
    void anEventPostedOverHttp10IsStored(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url());
             RawConnection proxy = RawConnection.open(server)) {
            String json = "{\"id\": \"evt_over_http10\", \"type\": \"email.sent\", \"data\": {\"to\": \"a@example.com\"}}";
            RawConnection.Received received = proxy.send("POST /v1/events HTTP/1.0\r\nHost: localhost\r\nAuthorization: Bearer "
                    + ADMIN_KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n"
                    + json).readUntilClosed(PATIENCE);

            assertThat(received.statuses()).as(received.text()).containsExactly(201);
            assertThat(server.get("/v1/events/evt_over_http10", ADMIN_KEY).statusCode()).isEqualTo(200);
        }
    }

    @EachDatabase
    void aStreamedAnswerIsSentWholeWithoutChunksAndEndedByTheClose(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < 2000; i++) {
                csv.append("user").append(i).append("@example.com\n");
            }
            assertThat(SuppressionRoutesTest.postCsv(server, ADMIN_KEY, csv.toString()).statusCode()).isEqualTo(200);
            String export = "GET /v1/suppressions?format=csv HTTP/1.%s\r\nHost: localhost\r\nAuthorization: Bearer "
                    + ADMIN_KEY + "\r\nConnection: %s\r\n\r\n";
            RawConnection.Received http11;
            try (RawConnection client = RawConnection.open(server)) {
                http11 = client.send(export.formatted("1", "close")).readUntilClosed(PATIENCE);
            }
            assertThat(http11.head()).as("to HTTP/1.1, the export is chunked").contains("transfer-encoding: chunked");

            for (String connection : new String[] {"close", "keep-alive"}) {
                try (RawConnection proxy = RawConnection.open(server)) {
                    RawConnection.Received http10 = proxy.send(export.formatted("0", connection)).readUntilClosed(PATIENCE);

                    assertThat(http10.statuses()).as(connection).containsExactly(200);
                    assertThat(http10.head()).as(connection).contains("connection: close")
                            .doesNotContain("transfer-encoding", "content-length");
                    assertThat(http10.closed()).as(connection).isTrue();
                    assertThat(http10.body()).as(connection).isEqualTo(server.get("/v1/suppressions?format=csv", ADMIN_KEY).body())
                            .contains("user1999@example.com");
                }
            }
        }
    }

    @EachDatabase
    void aTransferEncodingInAnHttp10RequestIs400AndClose(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url());
             RawConnection proxy = RawConnection.open(server)) {
            RawConnection.Received received = proxy.send("POST /v1/events HTTP/1.0\r\nHost: localhost\r\nAuthorization: Bearer "
                    + ADMIN_KEY + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                    .readUntilClosed(PATIENCE);

            assertThat(received.statuses()).containsExactly(400);
            assertThat(received.head()).contains("application/problem+json");
            assertThat(received.closed()).isTrue();
        }
    }
}
