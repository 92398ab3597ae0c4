package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;

/** Keys never reach the logs: not on start, not on use, not when a request fails. */
class LogSecrecyTest {
    private final HttpClient client = HttpClient.newHttpClient();

    @EachDatabase
    void apiKeysNeverAppearInLogLines(TestDatabase db) throws Exception {
        try (CapturedLogs logs = new CapturedLogs();
             PostcardServer server = PostcardServer.start(
                ServerConfig.defaults(Files.createTempDirectory("postcard-logs")).withDatabaseUrl(db.url())
                        .withClock(MovableClock.atStart()))) {
            String admin = server.generatedAdminKey().orElseThrow();
            String base = "http://localhost:" + server.port();
            HttpResponse<String> key = send(HttpRequest.newBuilder(URI.create(base + "/v1/api-keys"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"ci\"}")).build());
            String tenantKey = key.body().replaceAll(".*\"key\":\"([^\"]+)\".*", "$1");
            assertThat(tenantKey).startsWith("pck_");
            send(HttpRequest.newBuilder(URI.create(base + "/v1/events")).header("Authorization", "Bearer " + tenantKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"email.sent\", \"data\": {}}")).build());
            send(HttpRequest.newBuilder(URI.create(base + "/v1/events"))
                    .header("Authorization", "Bearer " + tenantKey + "-wrong").GET().build());
            send(HttpRequest.newBuilder(URI.create(base + "/v1/events")).header("Authorization", "Bearer " + tenantKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{not json")).build());

            List<String> lines = logs.lines();
            assertThat(lines).isNotEmpty();
            assertThat(String.join("\n", lines)).doesNotContain(admin, tenantKey, admin.substring(4), tenantKey.substring(4));
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
