package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook owed is delivered at least once: the server is killed with SIGKILL after acknowledging an event
 * and before its endpoint could take it, and the restarted server delivers it.
 */
class DeliveryCrashTest {
    private final HttpClient client = HttpClient.newHttpClient();

    @EachDatabase
    void anEventAcknowledgedBeforeACrashIsDeliveredAfterTheRestart(TestDatabase db) throws Exception {
        int receiverPort;
        try (ServerSocket reserve = new ServerSocket(0)) {
            receiverPort = reserve.getLocalPort(); // closed again: the endpoint is down for now
        }
        Path dataDir = Files.createTempDirectory("postcard-delivery-crash");
        // A short attempt timeout keeps the lease short: an attempt cut off by the kill is claimed again once
        // the dead node's lease (timeout + margin) runs out.
        String[] settings = {"--allow-private-networks", "--delivery-timeout", "1s",
            "--delivery-retry-schedule", "1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s"};
        try (ServerProcess first = ServerProcess.start(db.url(), dataDir, settings)) {
            HttpResponse<String> webhook = post(first, "/v1/webhooks", "{\"url\": \"http://127.0.0.1:" + receiverPort
                    + "/hook\", \"events\": [\"email.delivered\"]}");
            assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(201);
            HttpResponse<String> event = post(first, "/v1/events",
                    "{\"id\": \"evt_owed_1\", \"type\": \"email.delivered\", \"data\": {}}");
            assertThat(event.statusCode()).as(event.body()).isEqualTo(201);
            first.kill();
        }

        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", receiverPort), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try (ServerProcess second = ServerProcess.start(db.url(), dataDir, settings)) {
            long deadline = System.nanoTime() + 40_000_000_000L;
            while (received.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(received).as("the owed delivery after the restart").isNotEmpty();
            assertThat(received.getFirst()).contains("\"id\":\"evt_owed_1\"");
        } finally {
            receiver.stop(0);
        }
    }

    private HttpResponse<String> post(ServerProcess server, String path, String json) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Authorization", "Bearer " + ServerProcess.ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
