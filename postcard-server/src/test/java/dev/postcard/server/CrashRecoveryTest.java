package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.storage.JdbcStore;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Acknowledged means durable: a server process killed with SIGKILL while it is taking events has every
 * event it answered 2xx for when it comes back.
 */
class CrashRecoveryTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @EachDatabase
    void everyAcknowledgedEventSurvivesKillNine(TestDatabase db) throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (ServerProcess server = ServerProcess.start(db.url(), Files.createTempDirectory("postcard-crash"))) {
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService writers = Executors.newFixedThreadPool(8);
            for (int w = 0; w < 8; w++) {
                int writer = w;
                writers.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        String id = "evt_crash_" + writer + "_" + i;
                        if (post(server.port(), id)) {
                            acknowledged.add(id);
                        }
                    }
                    return null;
                });
            }
            waitUntil(() -> acknowledged.size() >= 300, Duration.ofSeconds(60));
            server.kill();
            running.set(false);
            writers.shutdown();
            assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300);
        try (JdbcStore store = JdbcStore.open(db.url())) {
            List<String> missing = acknowledged.stream()
                    .filter(id -> store.findEvent("default", id).isEmpty())
                    .toList();
            assertThat(missing).as("events answered 201 but lost by the crash").isEmpty();
        }
    }

    private boolean post(int port, String id) {
        String body = "{\"id\": \"" + id + "\", \"type\": \"email.delivered\", \"data\": {\"to\": \"a@example.com\"}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/events"))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + ServerProcess.ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 201;
        } catch (IOException e) {
            return false; // the server died mid-request: not acknowledged
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
