package dev.postcard.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.event.EventCodec;
import dev.postcard.server.PostcardServer;
import dev.postcard.server.ServerConfig;
import dev.postcard.testing.MovableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real Postcard server on a free port for the dashboard's tests, with a known admin key, webhooks allowed on
 * 127.0.0.1, and one retry a day after the first attempt: its clock stands still until a test moves it.
 * The dashboard is a client of the API and never touches storage itself: these tests run on SQLite only;
 * the API's own tests cover both databases.
 */
final class RunningPostcard implements AutoCloseable {
    static final String ADMIN_KEY = "pck_test_admin_key_0123456789abcdef";
    /** The one delay of the retry schedule; moving the clock past it (jitter included) makes the retry due. */
    static final Duration RETRY_AFTER = Duration.ofDays(1);

    private final PostcardServer server;
    private final MovableClock clock = MovableClock.atStart();
    private final String basePath;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningPostcard(String basePath) {
        this.basePath = basePath;
        try {
            ServerConfig config = ServerConfig.defaults(Files.createTempDirectory("postcard-dashboard")).toBuilder()
                    .adminKey(java.util.Optional.of(ADMIN_KEY)).allowPrivateNetworks(true)
                    .deliveryRetrySchedule(List.of(RETRY_AFTER)).basePath(basePath).clock(clock).port(0).build();
            this.server = PostcardServer.start(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RunningPostcard start() {
        return new RunningPostcard("");
    }

    static RunningPostcard startUnder(String basePath) {
        return new RunningPostcard(basePath);
    }

    MovableClock clock() {
        return clock;
    }

    /** {@code http://localhost:<port>}: the origin every request of the page must go to. */
    String origin() {
        return "http://localhost:" + server.port();
    }

    String dashboardUrl() {
        return origin() + basePath + "/dashboard/";
    }

    URI uri(String path) {
        return URI.create(origin() + basePath + path);
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode get(String path) {
        return json(send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_KEY).build()), 200);
    }

    JsonNode post(String path, String body, int expected) {
        return json(send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build()),
                expected);
    }

    /** A new tenant and a key of it: the answer to {@code POST /v1/api-keys} ({@code id}, {@code key}). */
    JsonNode tenantKey(String tenantId) {
        post("/v1/tenants", "{\"id\": \"" + tenantId + "\", \"name\": \"Tenant " + tenantId + "\"}", 201);
        return json(send(HttpRequest.newBuilder(uri("/v1/api-keys")).header("Authorization", "Bearer " + ADMIN_KEY)
                .header("X-Tenant-ID", tenantId).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"dashboard\"}")).build()), 201);
    }

    /** A webhook of {@code tenantId} for every event, at {@code url}; answers its id. */
    String webhook(String tenantId, String url) {
        return json(send(HttpRequest.newBuilder(uri("/v1/webhooks")).header("Authorization", "Bearer " + ADMIN_KEY)
                .header("X-Tenant-ID", tenantId).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"" + url + "\", \"events\": [\"*\"]}"))
                .build()), 201).path("id").asText();
    }

    void delete(String tenantId, String path) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_KEY)
                .header("X-Tenant-ID", tenantId).DELETE().build());
        if (answer.statusCode() != 204) {
            throw new AssertionError("DELETE " + path + ": " + answer.statusCode() + " " + answer.body());
        }
    }

    /** A webhook of the default tenant for every event, at {@code url}; answers its id. */
    String webhook(String url) {
        return post("/v1/webhooks", "{\"url\": \"" + url + "\", \"events\": [\"*\"]}", 201).path("id").asText();
    }

    /** Stores one event, which every matching webhook is then owed. */
    void event(String to) {
        post("/v1/events", "{\"type\": \"email.delivered\", \"data\": {\"to\": \"" + to + "\"}}", 201);
    }

    /** Polls {@code path} until its JSON passes {@code done}, for up to a generous minute. */
    JsonNode await(String path, Predicate<JsonNode> done, String what) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("waited a minute for " + what + "; last answer: " + last);
    }

    private static JsonNode json(HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            throw new AssertionError("expected " + expected + ", got " + response.statusCode() + ": " + response.body());
        }
        try {
            return EventCodec.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
