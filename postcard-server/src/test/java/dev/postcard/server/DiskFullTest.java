package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * SQLite's disk fills up under load and empties again: the server's database lies on a small tmpfs of its own
 * (mounted in a private mount namespace of the server's process, so it goes away with the process; its files are
 * reached from here through {@code /proc/<pid>/root}), and a ballast file takes the last of its space while writers
 * post events. Meanwhile
 * writes answer 503 problem JSON with {@code Retry-After} (never 500, never a hang), reads still answer, the
 * process stays up; once the ballast is deleted, writes succeed again without a restart, every event
 * acknowledged is stored and delivered, nothing refused is stored, and the file passes
 * {@code PRAGMA integrity_check}.
 *
 * <p>Mounting needs root (CAP_SYS_ADMIN), as CI and the development machines run; elsewhere the test is skipped.
 */
class DiskFullTest {
    private static final String FILESYSTEM_SIZE = "8m";
    private static final int CHUNK = 64 * 1024;

    @Test
    void aFullDiskIs503UntilSpaceReturnsAndLosesNothing() throws Exception {
        Path dataDir = Files.createTempDirectory("postcard-disk-full");
        assumeTrue(canMountTmpfs(dataDir), "mounting a tmpfs in a private mount namespace needs root (CI runs as"
                + " root); `unshare --mount` + `mount -t tmpfs` failed here");
        String script = "mount -t tmpfs -o size=" + FILESYSTEM_SIZE + " postcard-disk-full \"$1\" && shift && exec \"$@\"";
        List<String> wrapper = List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
                dataDir.toString());
        try (WebhookReceiver receiver = WebhookReceiver.start();
             ServerProcess server = ServerProcess.startWithin(wrapper, "jdbc:sqlite:" + dataDir.resolve("postcard.db"),
                     dataDir, "--allow-private-networks", "--delivery-timeout", "1s")) {
            Path inside = Path.of("/proc/" + server.pid() + "/root").resolve(dataDir.toString().substring(1));
            assertThat(Files.exists(inside.resolve("postcard.db"))).as("the database on the server's own tmpfs").isTrue();
            AdminApi api = AdminApi.of(server);
            api.subscribe(receiver.url(), "email.delivered");

            List<WriteOutcome> outcomes;
            HttpResponse<String> readWhileFull;
            HttpResponse<String> listWhileFull;
            int readyWhileFull;
            long refusedWhileFull;
            try (EventLoad load = EventLoad.start(api, "evt_full", "email.delivered", 4, Duration.ofMillis(5))) {
                assertThat(load.await(WriteOutcome::acknowledged, 50, Duration.ofSeconds(60)))
                        .as("events stored before the disk fills").isTrue();
                Path ballast = inside.resolve("ballast");
                fill(ballast);
                boolean refused = load.await(o -> o.status() == 503, 20, Duration.ofSeconds(60));
                String firstStored = load.outcomes().stream().filter(WriteOutcome::acknowledged).findFirst()
                        .orElseThrow().id();
                readWhileFull = api.get("/v1/events/" + firstStored);
                listWhileFull = api.get("/v1/events?limit=5");
                readyWhileFull = api.get("/readyz").statusCode(); // not asserted: reads work, so the database "answers"
                refusedWhileFull = load.count(o -> o.status() == 503);
                assertThat(refused).as("writes refused once the disk is full; the server said:\n"
                        + server.recentOutput() + "\nanswers: " + tail(load.outcomes())).isTrue();

                Files.delete(ballast);
                Set<String> answeredBefore = load.ids(o -> true);
                boolean recovered = load.await(o -> o.acknowledged() && !answeredBefore.contains(o.id()), 20,
                        Duration.ofSeconds(60));
                outcomes = load.stop();
                assertThat(recovered).as("writes succeed again once space returns, without a restart; the server"
                        + " said:\n" + server.recentOutput() + "\nanswers: " + tail(outcomes)).isTrue();
            }

            assertThat(outcomes).as("every write answered 201, or 503 problem JSON with Retry-After")
                    .allSatisfy(o -> assertThat(o.acknowledged() || o.refusedForLater()).as(o.toString()).isTrue());
            assertThat(readWhileFull.statusCode()).as("a read while the disk is full: " + readWhileFull.body()).isEqualTo(200);
            assertThat(listWhileFull.statusCode()).as("a list while the disk is full: " + listWhileFull.body()).isEqualTo(200);
            assertThat(server.alive()).as("the process").isTrue();

            Set<String> acknowledged = WriteOutcome.ids(outcomes, true);
            Set<String> refused = WriteOutcome.ids(outcomes, false);
            WriteOutcome.assertStoredAsAnswered(api, acknowledged, refused);

            waitUntil(() -> receiver.eventIds().containsAll(acknowledged), Duration.ofSeconds(60));
            assertThat(acknowledged).as("every acknowledged event delivered: the delivery worker lived through it")
                    .allSatisfy(id -> assertThat(receiver.eventIds()).contains(id));

            List<String> checks = SqliteQueries.inNamespaceOf(server.pid(), dataDir.resolve("postcard.db").toString(),
                    "PRAGMA integrity_check", "SELECT COUNT(*) - COUNT(DISTINCT id) FROM events WHERE id LIKE 'evt_full_%'",
                    "SELECT COUNT(*) FROM events WHERE id LIKE 'evt_full_%'");
            assertThat(checks.get(0)).as("PRAGMA integrity_check").isEqualTo("ok");
            assertThat(checks.get(1)).as("events stored twice").isEqualTo("0");
            assertThat(checks.get(2)).as("the events stored are those acknowledged")
                    .isEqualTo(Integer.toString(acknowledged.size()));
            System.out.printf("disk full: %d acknowledged, %d refused with 503 (%d of them before the ballast went),"
                    + " /readyz %d while full, %d duplicate deliveries%n", acknowledged.size(), refused.size(),
                    refusedWhileFull, readyWhileFull, receiver.duplicates().size());
        }
    }

    /** Writes {@code ballast} until the file system has no block left. */
    private static void fill(Path ballast) throws IOException {
        byte[] chunk = new byte[CHUNK];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            for (long written = 0; written < 1L << 30; written += CHUNK) { // bounded: the tmpfs is far smaller
                out.write(chunk);
            }
        } catch (IOException full) {
            // No space left: what was written stays.
        }
        // The last chunk may have been cut short: take what little is left a page at a time.
        try (OutputStream out = Files.newOutputStream(ballast, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < CHUNK / 4096; i++) {
                out.write(new byte[4096]);
                out.flush();
            }
        } catch (IOException full) {
            return;
        }
        throw new AssertionError("the ballast did not fill the file system");
    }

    /** Whether this process may mount a tmpfs in a mount namespace of its own (root, or CAP_SYS_ADMIN). */
    private static boolean canMountTmpfs(Path dir) {
        try {
            Process probe = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c",
                    "mount -t tmpfs -o size=1m postcard-probe \"$1\"", "sh", dir.toString())
                    .redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<WriteOutcome> tail(List<WriteOutcome> outcomes) {
        return outcomes.subList(Math.max(0, outcomes.size() - 5), outcomes.size());
    }

    private static void waitUntil(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
        }
    }
}
