package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.storage.JdbcStore;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Acknowledged means durable: a server process killed with SIGKILL while it is taking events has every
 * event it answered 2xx for when it comes back.
 */
class CrashRecoveryTest {
    private static final String ADMIN_KEY = "pck_crash_test_admin_key_0123456789";
    private static final Pattern PORT = Pattern.compile("Postcard is running on port (\\d+)");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @EachDatabase
    void everyAcknowledgedEventSurvivesKillNine(TestDatabase db) throws Exception {
        Path dataDir = Files.createTempDirectory("postcard-crash");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Process server = startServer(db.url(), dataDir);
        try {
            int port = awaitPort(server);
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService writers = Executors.newFixedThreadPool(8);
            for (int w = 0; w < 8; w++) {
                int writer = w;
                writers.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        String id = "evt_crash_" + writer + "_" + i;
                        if (post(port, id)) {
                            acknowledged.add(id);
                        }
                    }
                    return null;
                });
            }
            waitUntil(() -> acknowledged.size() >= 300, Duration.ofSeconds(60));
            server.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no close
            server.waitFor(10, TimeUnit.SECONDS);
            running.set(false);
            writers.shutdown();
            assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            server.destroyForcibly();
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
                .header("Authorization", "Bearer " + ADMIN_KEY)
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

    private static Process startServer(String databaseUrl, Path dataDir) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.postcard.cli.PostcardCli", "serve", "--port", "0", "--data-dir", dataDir.toString(),
                "--database-url", databaseUrl, "--admin-key", ADMIN_KEY);
        builder.redirectErrorStream(true);
        return builder.start();
    }

    /** Reads the server's output until it names its port; keeps draining it so the pipe never fills. */
    private static int awaitPort(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = PORT.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("server did not start:\n" + seen);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
