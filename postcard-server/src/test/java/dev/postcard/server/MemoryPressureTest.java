package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.postcard.testing.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A server with a small heap (64 MiB) is sent 48 bodies of the largest size at once, twice its heap's worth of
 * refused or verified bytes: it stays up and whole. It refuses what it cannot hold with 503, and afterwards it
 * still stores events and delivers them, so no worker died on the way; were memory to run out anyway, the JVM
 * would end (-XX:+ExitOnOutOfMemoryError, as ./postcard runs it) rather than answer on half alive.
 */
class MemoryPressureTest {
    private static final int MIB = 1 << 20;
    private static final int UPLOADS = 48;

    @Test
    void manyLargeBodiesAtOnceLeaveTheServerWhole() throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            delivered.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try (ServerProcess server = ServerProcess.start(List.of("-Xmx64m"), TestDatabases.freshSqliteUrl(),
                Files.createTempDirectory("postcard-pressure"), "--allow-private-networks")) {
            HttpClient client = HttpClient.newHttpClient();
            assertThat(post(client, server, "/v1/webhooks", "{\"url\": \"http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hook\", \"events\": [\"email.sent\"]}").statusCode())
                    .isEqualTo(201);

            HttpResponse<String> source = post(client, server, "/v1/sources", "{\"provider\": \"postmark\","
                    + " \"basic_auth\": {\"username\": \"hooks\", \"password\": \"long-enough-password\"}}");
            assertThat(source.statusCode()).as(source.body()).isEqualTo(201);
            String sourceId = source.body().replaceAll(".*\"id\":\"(src_[^\"]+)\".*", "$1");

            List<Integer> statuses = flood(server, "/track/webhook/postmark/" + sourceId);
            HttpResponse<String> after = post(client, server, "/v1/events",
                    "{\"id\": \"evt_after_pressure\", \"type\": \"email.sent\", \"data\": {}}");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (delivered.stream().noneMatch(b -> b.contains("evt_after_pressure")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }

            assertThat(server.alive()).as("the process").isTrue();
            assertThat(statuses).as("every upload answered: refused for memory (503) or its missing credentials (401)")
                    .hasSize(UPLOADS).allSatisfy(s -> assertThat(s).isIn(401, 503)).contains(503);
            assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
            assertThat(delivered).as("the delivery worker is alive").anyMatch(b -> b.contains("evt_after_pressure"));
            assertThat(client.send(HttpRequest.newBuilder(URI.create(server.url("/readyz"))).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        } finally {
            receiver.stop(0);
        }
    }

    /**
     * Sends UPLOADS requests of a 1 MiB body at once, each on its own connection, all but the last byte of each
     * before any is finished, so the server would hold them all together; their answers' statuses.
     */
    private static List<Integer> flood(ServerProcess server, String path) throws Exception {
        byte[] body = new byte[MIB];
        java.util.Arrays.fill(body, (byte) 'x');
        CountDownLatch started = new CountDownLatch(UPLOADS);
        CountDownLatch finish = new CountDownLatch(1);
        try (ExecutorService uploads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < UPLOADS; i++) {
                answers.add(uploads.submit(() -> upload(server, path, body, started, finish)));
            }
            assertThat(started.await(60, TimeUnit.SECONDS)).as("every upload under way").isTrue();
            // Until the server has taken up every request (holding its body or refusing it), none may end, or a
            // finished one would make room for the next. A bounded server refuses most at once; an unbounded
            // one never does, and the uploads go on after the wait all the same.
            awaitRefusals(server, UPLOADS / 2, Duration.ofSeconds(30));
            finish.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        }
    }

    private static void awaitRefusals(ServerProcess server, int count, Duration limit) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Pattern refused = Pattern.compile("(?m)^postcard_http_requests_seconds_count\\{[^}]*route=\"/track/webhook\""
                + "[^}]*status=\"5xx\"[^}]*} ([0-9.]+)$");
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = refused.matcher(client.send(HttpRequest.newBuilder(URI.create(server.url("/metrics"))).GET()
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            if (m.find() && Double.parseDouble(m.group(1)) >= count) {
                return;
            }
            Thread.sleep(50);
        }
    }

    /** Without credentials: each body is read whole (the source's check needs it), then refused with 401. */
    private static int upload(ServerProcess server, String path, byte[] body, CountDownLatch started,
            CountDownLatch finish) throws Exception {
        try (Socket socket = new Socket("localhost", server.port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, 0, body.length - 1);
                out.flush();
            } catch (IOException e) {
                // refused before the body was read: the answer is there all the same
            } finally {
                started.countDown();
            }
            finish.await();
            try {
                out.write(body, body.length - 1, 1);
                out.flush();
            } catch (IOException e) {
                // likewise
            }
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            return Integer.parseInt(new String(head, StandardCharsets.ISO_8859_1).substring(9, 12));
        }
    }

    private static HttpResponse<String> post(HttpClient client, ServerProcess server, String path, String json)
            throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Authorization", "Bearer " + ServerProcess.ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
