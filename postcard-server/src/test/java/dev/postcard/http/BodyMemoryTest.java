package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Request bodies held at once are bounded across the server: connections that each send almost the largest body,
 * slowly, cannot fill the heap. Past the bound a request is refused with 503 before its body is read, and the
 * bound is given back when a request is answered.
 */
class BodyMemoryTest {
    private static final int LIMIT = 16 * 1024;

    @EachDatabase
    void bodiesBeyondTheMemoryBoundAre503UntilTheHeldOnesAreAnswered(TestDatabase db) throws Exception {
        try (TestServer server = TestServer.start(TestServer.config(db.url()).withMaxBody(LIMIT).toBuilder()
                .maxBodyMemory(OptionalLong.of(2 * LIMIT)).build())) {
            List<SlowUpload> slow = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                slow.add(SlowUpload.start(server, "evt_slow_" + i));
            }

            HttpResponse<String> refused = awaitRefusal(server, slow);
            for (SlowUpload upload : slow) {
                assertThat(upload.finish()).as("a held body, sent to its end").isEqualTo(201);
            }
            HttpResponse<String> after = server.post("/v1/events", ADMIN_KEY, event("evt_after"));

            Problems.assertProblem(refused, 503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(after.statusCode()).as("the bound is given back once the held requests are answered")
                    .isEqualTo(201);
            assertThat(server.get("/readyz").statusCode()).isEqualTo(200);
        }
    }

    @EachDatabase
    void aProviderWebhookToNoSourceIsRefusedBeforeItsBodyIsRead(TestDatabase db) throws Exception {
        try (TestServer server = TestServer.start(db.url());
             Socket socket = new Socket("localhost", server.server().port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("POST /track/webhook/postmark/src_01JDQ4YB2C3D4E5F6G7H8J9K0M HTTP/1.1\r\n"
                    + "Host: localhost\r\nContent-Type: application/json\r\nContent-Length: 500000\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));

            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1)).readLine();

            assertThat(statusLine).as("answered with none of the body sent").startsWith("HTTP/1.1 404");
        }
    }

    /**
     * Sends small requests until one is refused: the slow uploads then hold the whole bound. A probe that reaches
     * the server between the two uploads can take the room the second one needs, which then gets the 503 itself;
     * such an upload is started again, so the race cannot leave the bound half held for the rest of the test.
     */
    private static HttpResponse<String> awaitRefusal(TestServer server, List<SlowUpload> slow) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (int i = 0; System.nanoTime() < deadline; i++) {
            HttpResponse<String> response = server.post("/v1/events", ADMIN_KEY, event("evt_probe_" + i));
            if (response.statusCode() != 201) {
                return response;
            }
            for (int u = 0; u < slow.size(); u++) {
                if (slow.get(u).answeredEarly()) {
                    slow.get(u).socket().close();
                    slow.set(u, SlowUpload.start(server, "evt_slow_again_" + i + "_" + u));
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no request was refused while two bodies of the largest size were held");
    }

    private static String event(String id) {
        return "{\"id\": \"" + id + "\", \"type\": \"email.sent\", \"data\": {\"to\": \"x@example.com\"}}";
    }

    /** A request whose body of exactly the largest size arrives in two halves, the second when the test says. */
    private record SlowUpload(Socket socket, byte[] body) {
        static SlowUpload start(TestServer server, String id) {
            String json = event(id);
            byte[] body = (json + " ".repeat(LIMIT - json.length())).getBytes(StandardCharsets.UTF_8);
            try {
                Socket socket = new Socket("localhost", server.server().port());
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ADMIN_KEY
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + LIMIT + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, 0, LIMIT / 2);
                out.flush();
                return new SlowUpload(socket, body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Whether the server has answered it already (refused it), before its body was sent to its end. */
        boolean answeredEarly() throws IOException {
            socket.setSoTimeout(1);
            try {
                socket.getInputStream().read(); // a byte of an answer, or the end of the stream: answered either way
                return true;
            } catch (java.net.SocketTimeoutException e) {
                return false; // nothing to read: the server is still waiting for the rest of the body
            } catch (java.net.SocketException e) {
                return true; // reset: the server refused it and closed the connection
            } finally {
                if (!socket.isClosed()) {
                    socket.setSoTimeout(10_000);
                }
            }
        }

        int finish() throws IOException {
            try (socket) {
                socket.getOutputStream().write(body, LIMIT / 2, LIMIT - LIMIT / 2);
                socket.getOutputStream().flush();
                String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1)).readLine();
                return Integer.parseInt(statusLine.substring(9, 12));
            }
        }
    }
}
