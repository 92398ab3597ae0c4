package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request smuggling (RFC 9112 §6.3, §11.2): a body the server refuses, or whose length it cannot know for certain,
 * must never be read as the next request on the connection. Each case hides a complete {@code POST /v1/events}
 * in the refused bytes; the server answers once and closes, and the hidden event is never stored.
 */
class RequestFramingTest {
    private static final int LIMIT = 16 * 1024;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

    /** A whole request, as the smuggler hides it, recording {@code eventId} with the admin key. */
    private static String hidden(String eventId) {
        String json = "{\"id\": \"" + eventId + "\", \"type\": \"email.sent\", \"data\": {\"to\": \"x@example.com\"}}";
        return "POST /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ADMIN_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json;
    }

    @EachDatabase
    void aDeclaredBodyOverTheLimitIsRefusedAndTheConnectionClosed(TestDatabase db) {
        try (TestServer server = TestServer.start(TestServer.config(db.url()).withMaxBody(LIMIT))) {
            for (String connection : new String[] {"Connection: close\r\n", "Connection: keep-alive\r\n", ""}) {
                String id = "evt_smuggled_declared" + connection.length();
                String body = hidden(id);
                body = body + " ".repeat(LIMIT + 1 - body.length());
                String wire = "POST /track/webhook/postmark HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + connection + "Content-Length: " + body.length() + "\r\n\r\n" + body + hidden(id + "_after");

                Exchange exchange = Exchange.run(server, wire);

                assertThat(exchange.statuses()).as(connection).containsExactly(413);
                assertThat(exchange.text()).as(connection).containsIgnoringCase("connection: close");
                assertThat(exchange.closed()).as("the server closed the connection (" + connection + ")").isTrue();
                Problems.assertProblem(server.get("/v1/events/" + id, ADMIN_KEY), 404);
                Problems.assertProblem(server.get("/v1/events/" + id + "_after", ADMIN_KEY), 404);
            }
        }
    }

    @EachDatabase
    void aDeclaredBodyFarOverTheLimitIsCutOffWithoutWaitingForIt(TestDatabase db) {
        try (TestServer server = TestServer.start(TestServer.config(db.url()).withMaxBody(LIMIT))) {
            String wire = "POST /track/webhook/postmark HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000000000\r\n\r\n" + hidden("evt_smuggled_far");

            Exchange exchange = Exchange.run(server, wire);

            assertThat(exchange.statuses()).containsExactly(413);
            assertThat(exchange.closed()).isTrue();
            Problems.assertProblem(server.get("/v1/events/evt_smuggled_far", ADMIN_KEY), 404);
        }
    }

    @EachDatabase
    void aChunkedBodyOverTheLimitIsRefusedAndTheConnectionClosed(TestDatabase db) {
        try (TestServer server = TestServer.start(TestServer.config(db.url()).withMaxBody(LIMIT))) {
            String half = "x".repeat(LIMIT / 2 + 1);
            String chunk = Integer.toHexString(half.length()) + "\r\n" + half + "\r\n";
            String wire = "POST /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ADMIN_KEY
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunk + chunk + "0\r\n\r\n" + hidden("evt_smuggled_chunked");

            Exchange exchange = Exchange.run(server, wire);

            assertThat(exchange.statuses()).as(exchange.text()).containsExactly(413);
            assertThat(exchange.closed()).isTrue();
            Problems.assertProblem(server.get("/v1/events/evt_smuggled_chunked", ADMIN_KEY), 404);
        }
    }

    @EachDatabase
    void aBadlyChunkedBodyIs400AndClose(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String wire = "POST /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ADMIN_KEY
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "2\r\n{}\r\nzz\r\n" + hidden("evt_smuggled_bad_chunk");

            Exchange exchange = Exchange.run(server, wire);

            assertThat(exchange.statuses()).as(exchange.text()).containsExactly(400);
            assertThat(exchange.closed()).isTrue();
            Problems.assertProblem(server.get("/v1/events/evt_smuggled_bad_chunk", ADMIN_KEY), 404);
        }
    }

    @EachDatabase
    void aBadChunkSizeIs400AndCloseAtOnce(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String wire = "POST /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ADMIN_KEY
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";

            Exchange exchange = Exchange.run(server, wire);

            assertThat(exchange.statuses()).as(exchange.text()).containsExactly(400);
            assertThat(exchange.text()).contains("application/problem+json");
            assertThat(exchange.closed()).isTrue();
        }
    }

    @EachDatabase
    void aBadChunkSizeToARouteThatDoesNotReadItsBodyEndsTheConnectionAfterTheAnswer(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            for (String route : new String[] {"GET /track/open/msg_unknown", "GET /healthz", "POST /v1/events"}) {
                String wire = route + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\nzz\r\n";

                Exchange exchange = Exchange.run(server, wire);

                assertThat(exchange.statuses()).as(route).hasSize(1);
                assertThat(exchange.closed()).as(route + ": closed, not waiting for more of the body").isTrue();
            }
        }
    }

    @EachDatabase
    void aBodyAnsweredUnreadWhileItsClientWaitsFor100ContinueEndsTheConnection(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String smuggled = hidden("evt_smuggled_after_expect");
            String wire = "POST /v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + smuggled.length() + "\r\n\r\n";

            Exchange exchange = Exchange.run(server, wire);

            assertThat(exchange.statuses()).as(exchange.text()).containsExactly(401);
            assertThat(exchange.text()).as("no 100 Continue after the answer").doesNotContain("100 Continue");
            assertThat(exchange.closed()).as("the body, if it comes after all, is never read as a request").isTrue();
        }
    }

    @EachDatabase
    void twoContentLengthsAre400AndClose(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String smuggled = hidden("evt_smuggled_two_lengths");
            String wire = "POST /track/webhook/postmark HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\nContent-Length: " + (2 + smuggled.length()) + "\r\n\r\n{}" + smuggled;

            Exchange exchange = Exchange.run(server, wire);

            assertThat(exchange.statuses()).containsExactly(400);
            assertThat(exchange.text()).contains("application/problem+json", "Content-Length");
            assertThat(exchange.closed()).isTrue();
            Problems.assertProblem(server.get("/v1/events/evt_smuggled_two_lengths", ADMIN_KEY), 404);
        }
    }

    @EachDatabase
    void contentLengthWithChunkedIs400AndClose(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String wire = "POST /track/webhook/postmark HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + hidden("evt_smuggled_cl_te");

            Exchange exchange = Exchange.run(server, wire);

            assertThat(exchange.statuses()).containsExactly(400);
            assertThat(exchange.text()).contains("Transfer-Encoding");
            assertThat(exchange.closed()).isTrue();
            Problems.assertProblem(server.get("/v1/events/evt_smuggled_cl_te", ADMIN_KEY), 404);
        }
    }

    @EachDatabase
    void aTransferCodingOtherThanChunkedIs501AndClose(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String wire = "POST /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ADMIN_KEY
                    + "\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" + hidden("evt_smuggled_gzip");

            Exchange exchange = Exchange.run(server, wire);

            assertThat(exchange.statuses()).singleElement().isIn(400, 501);
            assertThat(exchange.closed()).isTrue();
            Problems.assertProblem(server.get("/v1/events/evt_smuggled_gzip", ADMIN_KEY), 404);
        }
    }

    @EachDatabase
    void aWellFramedBodyKeepsTheConnectionForTheNextRequest(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            String first = hidden("evt_pipelined_1");
            String second = hidden("evt_pipelined_2").replace("Host: localhost\r\n",
                    "Host: localhost\r\nConnection: close\r\n");

            Exchange exchange = Exchange.run(server, first + second);

            assertThat(exchange.statuses()).containsExactly(201, 201);
            assertThat(server.get("/v1/events/evt_pipelined_2", ADMIN_KEY).statusCode()).isEqualTo(200);
        }
    }

    /** What a raw connection got back: every answer until the server closed, or until the read timed out. */
    record Exchange(String text, boolean closed) {
        static Exchange run(TestServer server, String wire) {
            try (Socket socket = new Socket("localhost", server.server().port())) {
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                try {
                    out.write(wire.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (SocketException e) {
                    // The server may answer and close before it has read all of a request it refuses.
                }
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                boolean closed = false;
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[8192];
                try {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        received.write(buffer, 0, n);
                    }
                    closed = true;
                } catch (SocketTimeoutException e) {
                    closed = false; // still open five seconds on: the server waits for more requests
                } catch (SocketException e) {
                    closed = true; // reset after the answer
                }
                return new Exchange(received.toString(StandardCharsets.UTF_8), closed);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        java.util.List<Integer> statuses() {
            java.util.List<Integer> statuses = new java.util.ArrayList<>();
            Matcher m = STATUS_LINE.matcher(text);
            while (m.find()) {
                statuses.add(Integer.parseInt(m.group(1)));
            }
            return statuses;
        }
    }
}
