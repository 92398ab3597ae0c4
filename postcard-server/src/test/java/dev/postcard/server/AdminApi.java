package dev.postcard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A server's API as its admin. Every request has a generous timeout: a server that hangs fails the test with
 * {@link java.net.http.HttpTimeoutException}, a slow one does not.
 */
final class AdminApi {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String adminKey;

    AdminApi(String base, String adminKey) {
        this.base = base;
        this.adminKey = adminKey;
    }

    static AdminApi of(ServerProcess server) {
        return new AdminApi("http://localhost:" + server.port(), ServerProcess.ADMIN_KEY);
    }

    /** Records an event of {@code type} with this id. */
    HttpResponse<String> postEvent(String id, String type) throws IOException, InterruptedException {
        return post("/v1/events", "{\"id\": \"" + id + "\", \"type\": \"" + type + "\", \"data\": {\"to\": \"a@example.com\"}}");
    }

    /** Subscribes a webhook at {@code url} to {@code type}; its id. */
    String subscribe(String url, String type) throws IOException, InterruptedException {
        HttpResponse<String> created = post("/v1/webhooks", "{\"url\": \"" + url + "\", \"events\": [\"" + type + "\"]}");
        if (created.statusCode() != 201) {
            throw new AssertionError("webhook not created: " + created.statusCode() + " " + created.body());
        }
        return json(created).get("id").asText();
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return client.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + adminKey);
    }
}
