package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.testing.MovableClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops for {@link #OUTAGE} under a running server while writers keep posting events, then starts
 * again. Meanwhile every request that needs it answers 503 problem JSON with {@code Retry-After} (never 500, never
 * a hang: a request still unanswered after a generous timeout fails the test) and stores nothing, {@code /readyz}
 * says not ready; once the database is back the server works again by itself, with every event acknowledged before
 * and after the outage kept and none of those refused stored.
 */
class DatabaseOutageTest {
    private static final String ADMIN_KEY = "pck_outage_admin_key_0123456789";
    /** As long as the finding that asked for this test: the pool's 10 s connection timeout passes three times. */
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void anOutageUnderLoadIs503AndTheServerRecoversByItself() throws Exception {
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
            AdminApi api = new AdminApi("http://localhost:" + server.port(), ADMIN_KEY);
            assertThat(api.postEvent("evt_before_outage", "email.sent").statusCode()).isEqualTo(201);

            List<WriteOutcome> outcomes;
            List<WriteOutcome> readiness = new ArrayList<>();
            HttpResponse<String> during;
            long down;
            long restarting;
            long up;
            try (EventLoad load = EventLoad.start(api, "evt_outage", "email.sent", 4, Duration.ofMillis(20))) {
                assertThat(load.await(WriteOutcome::acknowledged, 20, Duration.ofSeconds(60))).isTrue();
                postgres.close();
                down = System.nanoTime();
                during = api.postEvent("evt_during_outage", "email.sent");
                while (System.nanoTime() - down < OUTAGE.toNanos()) {
                    long sentAt = System.nanoTime();
                    readiness.add(WriteOutcome.of("readyz", sentAt, api.get("/readyz")));
                    Thread.sleep(500);
                }
                restarting = System.nanoTime();
                postgres = start(pgData, pgPort);
                up = System.nanoTime();
                boolean recovered = load.await(o -> o.acknowledged() && o.sentAt() - up > 0, 20, Duration.ofSeconds(60));
                outcomes = load.stop();
                assertThat(recovered).as("writes succeed again after the restart; the last answers: "
                        + outcomes.subList(Math.max(0, outcomes.size() - 5), outcomes.size())).isTrue();
            }
            HttpResponse<String> after = api.postEvent("evt_after_outage", "email.sent");

            assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
            assertThat(during.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(during.headers().firstValue("Retry-After")).isPresent();
            assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
            assertThat(api.get("/readyz").statusCode()).isEqualTo(200);
            assertThat(api.get("/v1/events/evt_before_outage").statusCode()).isEqualTo(200);
            assertThat(api.get("/v1/events/evt_during_outage").statusCode()).as("refused, so not stored").isEqualTo(404);

            assertThat(outcomes).as("every write answered 201, or 503 problem JSON with Retry-After")
                    .allSatisfy(o -> assertThat(o.acknowledged() || o.refusedForLater()).as(o.toString()).isTrue());
            List<WriteOutcome> inside = outcomes.stream().filter(o -> o.within(down, restarting)).toList();
            assertThat(inside).as("writes sent and answered while the database was down").isNotEmpty()
                    .allSatisfy(o -> assertThat(o.refusedForLater()).as(o.toString()).isTrue());
            assertThat(readiness).as("/readyz while the database was down").isNotEmpty()
                    .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(503));

            Set<String> acknowledged = WriteOutcome.ids(outcomes, true);
            Set<String> refused = WriteOutcome.ids(outcomes, false);
            WriteOutcome.assertStoredAsAnswered(api, acknowledged, refused);
            System.out.printf("database outage of %d s: %d writes acknowledged, %d refused with 503 (%d sent and"
                    + " answered inside it, the slowest in %d ms), %d readiness checks inside it (the slowest in %d ms),"
                    + " writes back %d ms after the restart%n", OUTAGE.toSeconds(), acknowledged.size(), refused.size(),
                    inside.size(), slowest(inside), readiness.size(), slowest(readiness),
                    Duration.ofNanos(firstAcknowledgedAfter(outcomes, up) - up).toMillis());
        } finally {
            postgres.close();
        }
    }

    private static EmbeddedPostgres start(Path dataDir, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port).start();
    }

    private static long slowest(List<WriteOutcome> outcomes) {
        return outcomes.stream().mapToLong(o -> Duration.ofNanos(o.answeredAt() - o.sentAt()).toMillis()).max().orElse(0);
    }

    private static long firstAcknowledgedAfter(List<WriteOutcome> outcomes, long up) {
        return outcomes.stream().filter(o -> o.acknowledged() && o.sentAt() - up > 0).mapToLong(WriteOutcome::answeredAt)
                .min().orElse(up);
    }
}
