package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.PostcardException;
import dev.postcard.testing.MovableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POSTCARD_ADMIN_PORT: /metrics and tenant management move to a port of their own, and only there. */
class AdminPortTest {
    private static final String ADMIN_KEY = "pck_admin_port_test_0123456789abcdef";
    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private ServerConfig config() {
        return ServerConfig.defaults(dataDir).withClock(MovableClock.atStart()).toBuilder().port(0)
                .adminKey(Optional.of(ADMIN_KEY)).build();
    }

    private int status(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_KEY).timeout(Duration.ofSeconds(30)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theAdminRoutesAnswerOnTheAdminPortAndNotOnTheMainOne() throws IOException, InterruptedException {
        try (PostcardServer server = PostcardServer.start(config().toBuilder().adminPort(OptionalInt.of(0)).build())) {
            int main = server.port();
            int admin = server.adminPort().orElseThrow();
            assertThat(admin).isPositive().isNotEqualTo(main);

            assertThat(status(admin, "/metrics")).isEqualTo(200);
            assertThat(status(admin, "/v1/tenants")).isEqualTo(200);
            assertThat(status(admin, "/healthz")).isEqualTo(200);
            assertThat(status(admin, "/v1/events")).as("the API stays on the main port").isEqualTo(404);

            assertThat(status(main, "/metrics")).isEqualTo(404);
            assertThat(status(main, "/v1/tenants")).isEqualTo(404);
            assertThat(status(main, "/v1/events")).isEqualTo(200);
            assertThat(status(main, "/healthz")).isEqualTo(200);
        }
    }

    @Test
    void withoutAnAdminPortEverythingIsOnTheMainPort() throws IOException, InterruptedException {
        try (PostcardServer server = PostcardServer.start(config())) {
            assertThat(server.adminPort()).isEmpty();
            assertThat(status(server.port(), "/metrics")).isEqualTo(200);
            assertThat(status(server.port(), "/v1/tenants")).isEqualTo(200);
        }
    }

    @Test
    void aTakenAdminPortStopsTheStartNamingIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            ServerConfig config = config().toBuilder().adminPort(OptionalInt.of(taken.getLocalPort())).build();

            assertThatThrownBy(() -> PostcardServer.start(config)).isInstanceOf(PostcardException.class)
                    .hasMessageContaining("cannot listen on port " + taken.getLocalPort())
                    .hasMessageContaining("POSTCARD_ADMIN_PORT");
        }
    }
}
