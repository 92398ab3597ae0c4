package dev.postcard.http;

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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A real Postcard server on a free port, on the given database, with a known admin key, going by a
 * {@link MovableClock} of its own (from {@link #config}) that the test reads and moves.
 */
final class TestServer implements AutoCloseable {
    static final String ADMIN_KEY = "pck_test_admin_key_0123456789abcdef";
    /** The base of the links in instrumented emails; {@link #local} maps it to this server. */
    static final String PUBLIC_URL = "https://links.postcard.test";

    private final PostcardServer server;
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String basePath;
    private final Clock clock;

    private TestServer(PostcardServer server, String basePath, Clock clock) {
        this.server = server;
        this.basePath = basePath;
        this.clock = clock;
    }

    static TestServer start(String databaseUrl) {
        return start(config(databaseUrl));
    }

    static ServerConfig config(String databaseUrl) {
        try {
            Path dataDir = Files.createTempDirectory("postcard-http");
            return ServerConfig.defaults(dataDir).withDatabaseUrl(databaseUrl).withAdminKey(ADMIN_KEY)
                    .withPublicUrl(PUBLIC_URL).withClock(MovableClock.atStart());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TestServer start(ServerConfig config) {
        return new TestServer(PostcardServer.start(config), config.basePath(), config.clock());
    }

    /** A server whose sends go to {@code transport}. */
    static TestServer start(ServerConfig config, dev.postcard.sending.Transport transport) {
        return new TestServer(PostcardServer.start(config, transport), config.basePath(), config.clock());
    }

    /** The server's clock; tests date their fixtures from it and move it. */
    MovableClock clock() {
        if (clock instanceof MovableClock movable) {
            return movable;
        }
        throw new IllegalStateException("this server was started on " + clock + ", not on a movable clock");
    }

    /** The server's present. */
    Instant now() {
        return clock.instant();
    }

    PostcardServer server() {
        return server;
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + server.port() + basePath + pathAndQuery);
    }

    /** A URI on this server that ignores the base path. */
    URI rootUri(String pathAndQuery) {
        return URI.create("http://localhost:" + server.port() + pathAndQuery);
    }

    /** A link Postcard put in an email (built from {@link #PUBLIC_URL}), pointed at this server. */
    URI local(String publicLink) {
        if (!publicLink.startsWith(PUBLIC_URL + "/")) {
            throw new AssertionError("not a link to " + PUBLIC_URL + ": " + publicLink);
        }
        return rootUri(publicLink.substring(PUBLIC_URL.length()));
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
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

    HttpResponse<byte[]> sendForBytes(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, String key) {
        return send(request(path).header("Authorization", "Bearer " + key).GET().build());
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, String key, String json) {
        return send(request(path).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> patch(String path, String key, String json) {
        return send(request(path).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> delete(String path, String key) {
        return send(request(path).header("Authorization", "Bearer " + key).DELETE().build());
    }

    /** Creates a tenant with the admin key and returns a new API key of that tenant. */
    String tenantKey(String tenantId) {
        HttpResponse<String> tenant = post("/v1/tenants", ADMIN_KEY,
                "{\"id\": \"" + tenantId + "\", \"name\": \"Tenant " + tenantId + "\"}");
        if (tenant.statusCode() != 201 && tenant.statusCode() != 409) {
            throw new IllegalStateException("creating tenant failed: " + tenant.statusCode() + " " + tenant.body());
        }
        HttpResponse<String> key = send(request("/v1/api-keys").header("Authorization", "Bearer " + ADMIN_KEY)
                .header("X-Tenant-ID", tenantId).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"test\"}")).build());
        if (key.statusCode() != 201) {
            throw new IllegalStateException("creating key failed: " + key.statusCode() + " " + key.body());
        }
        return json(key).get("key").asText();
    }

    /** {@code text} as a JSON string literal, quotes included. */
    static String quote(String text) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return EventCodec.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    static JsonNode json(String text) {
        try {
            return EventCodec.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
