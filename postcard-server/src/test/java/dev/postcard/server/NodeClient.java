package dev.postcard.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The admin's HTTP calls to one of several {@link ServerProcess} nodes; a node that is gone is a failed call. */
final class NodeClient {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** The answer, or empty when the node could not be reached or died before answering. */
    Optional<HttpResponse<String>> post(ServerProcess node, String tenant, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.url(path))).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + ServerProcess.ADMIN_KEY)
                .header("X-Tenant-ID", tenant)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            return Optional.of(client.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Posts one event to the first node of {@code nodes} that answers, then to the next: true once one answered
     * 2xx. A node that died after storing it answers nothing, and the next stores nothing new (the same id).
     */
    boolean postEvent(List<ServerProcess> nodes, String tenant, String json) {
        for (int attempt = 0; attempt < 3 * nodes.size(); attempt++) {
            Optional<HttpResponse<String>> answer = post(nodes.get(attempt % nodes.size()), tenant, "/v1/events", json);
            if (answer.isPresent() && answer.get().statusCode() / 100 == 2) {
                return true;
            }
            pause();
        }
        return false;
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
