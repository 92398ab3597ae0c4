package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.MovableClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops under a running server and starts again: meanwhile requests that need it answer 503 problem
 * JSON with {@code Retry-After} (never 500) and store nothing, {@code /readyz} says not ready, and once the
 * database is back the server works again by itself, with every event acknowledged before the outage kept.
 */
class DatabaseOutageTest {
    private static final String ADMIN_KEY = "pck_outage_admin_key_0123456789";
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void anOutageIs503AndTheServerRecoversByItself() throws Exception {
        Path pgData = Files.createTempDirectory("postcard-outage-pg");
        int pgPort;
        try (ServerSocket free = new ServerSocket(0)) {
            pgPort = free.getLocalPort();
        }
        EmbeddedPostgres postgres = start(pgData, pgPort);
        String url = postgres.getJdbcUrl("postgres", "postgres");
        ServerConfig config = ServerConfig.defaults(Files.createTempDirectory("postcard-outage"))
                .withDatabaseUrl(url).withAdminKey(ADMIN_KEY).withClock(MovableClock.atStart());
        try (PostcardServer server = PostcardServer.start(config)) {
            String base = "http://localhost:" + server.port();
            assertThat(post(base, "evt_before_outage").statusCode()).isEqualTo(201);

            postgres.close();
            HttpResponse<String> during = post(base, "evt_during_outage");
            HttpResponse<String> readyDuring = get(base + "/readyz");

            postgres = start(pgData, pgPort);
            HttpResponse<String> after = awaitStatus(base, "evt_after_outage", 201);

            assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
            assertThat(during.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(during.headers().firstValue("Retry-After")).isPresent();
            assertThat(readyDuring.statusCode()).isEqualTo(503);
            assertThat(after.statusCode()).isEqualTo(201);
            assertThat(get(base + "/readyz").statusCode()).isEqualTo(200);
            assertThat(get(base + "/v1/events/evt_before_outage").statusCode()).isEqualTo(200);
            assertThat(get(base + "/v1/events/evt_during_outage").statusCode()).as("refused, so not stored").isEqualTo(404);
        } finally {
            postgres.close();
        }
    }

    private static EmbeddedPostgres start(Path dataDir, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port).start();
    }

    /** After the restart the pool may still hand out a broken connection or two: wait (bounded) for success. */
    private HttpResponse<String> awaitStatus(String base, String id, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> response = post(base, id);
        while (response.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(200);
            response = post(base, id);
        }
        return response;
    }

    private HttpResponse<String> post(String base, String id) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + "/v1/events")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"" + id + "\", \"type\": \"email.sent\", \"data\": {}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + ADMIN_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
