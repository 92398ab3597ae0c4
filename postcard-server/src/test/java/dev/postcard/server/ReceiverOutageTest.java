package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.testing.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A webhook receiver is down through several retries while events keep arriving, on the default retry schedule
 * compressed 300 times ({@code 5s,5m,30m,...} becomes {@code 17ms,1s,6s,...}), so a 10-minute outage passes in
 * 2 s. When it is back every event is delivered exactly once (no crash, so no repeat), and each delivery's
 * record shows its failed attempts (no connection) before the one that succeeded.
 */
class ReceiverOutageTest {
    /** The default, 5s,5m,30m,2h,5h,10h,10h, 300 times shorter (5 s to the millisecond above). */
    private static final String COMPRESSED_SCHEDULE = "17ms,1s,6s,24s,60s,120s,120s";
    private static final Duration OUTAGE = Duration.ofMinutes(10).dividedBy(300);

    @Test
    void aReceiverDownThroughSeveralRetriesGetsEveryEventOnceWhenItReturns() throws Exception {
        int port = WebhookReceiver.freePort(); // nothing listens there: the receiver is down
        try (ServerProcess server = ServerProcess.start(TestDatabases.freshSqliteUrl(),
                Files.createTempDirectory("postcard-receiver-outage"), "--allow-private-networks",
                "--delivery-retry-schedule", COMPRESSED_SCHEDULE)) {
            AdminApi api = AdminApi.of(server);
            String webhookId = api.subscribe(WebhookReceiver.url(port), "email.delivered");

            long down = System.nanoTime();
            List<WriteOutcome> outcomes;
            WebhookReceiver receiver;
            try (EventLoad load = EventLoad.start(api, "evt_receiver_down", "email.delivered", 1, Duration.ofMillis(100))) {
                assertThat(load.await(WriteOutcome::acknowledged, 1, Duration.ofSeconds(60))).isTrue();
                String firstEvent = load.outcomes().getFirst().id();
                // Back after the outage, and not before the first event has failed its first attempt and two retries.
                waitUntil(() -> System.nanoTime() - down >= OUTAGE.toNanos()
                        && attemptsOf(api, webhookId, firstEvent) >= 3, Duration.ofSeconds(60));
                assertThat(attemptsOf(api, webhookId, firstEvent)).as("attempts while the receiver was down").isEqualTo(3);
                receiver = WebhookReceiver.startOn(port);
                long back = System.nanoTime();
                load.await(o -> o.sentAt() - back > 0, 10, Duration.ofSeconds(60)); // events go on arriving
                outcomes = load.stop();
            }
            try (receiver) {
                Set<String> acknowledged = new TreeSet<>();
                outcomes.stream().filter(WriteOutcome::acknowledged).forEach(o -> acknowledged.add(o.id()));
                waitUntil(() -> receiver.eventIds().containsAll(acknowledged) && pending(api, webhookId) == 0,
                        Duration.ofSeconds(60));

                assertThat(outcomes).allSatisfy(o -> assertThat(o.acknowledged()).as(o.toString()).isTrue());
                Map<String, Integer> counts = receiver.counts();
                assertThat(counts.keySet()).as("events delivered").isEqualTo(acknowledged);
                assertThat(receiver.duplicates()).as("events delivered more than once").isEmpty();

                List<JsonNode> deliveries = deliveries(api, webhookId);
                assertThat(deliveries).hasSize(acknowledged.size())
                        .allSatisfy(d -> assertThat(d.get("status").asText()).isEqualTo("succeeded"));
                int failedAttempts = 0;
                for (JsonNode delivery : deliveries) {
                    JsonNode log = AdminApi.json(api.get("/v1/deliveries/" + delivery.get("id").asText())).get("attempt_log");
                    List<JsonNode> attempts = new ArrayList<>();
                    log.forEach(attempts::add);
                    assertThat(attempts).as("attempts of %s", delivery).hasSize(delivery.get("attempts").asInt());
                    JsonNode last = attempts.getLast();
                    assertThat(last.get("status_code").asInt()).as("the last attempt of %s", delivery).isEqualTo(204);
                    for (JsonNode failed : attempts.subList(0, attempts.size() - 1)) {
                        assertThat(failed.get("status_code").isNull()).as("a failed attempt: %s", failed).isTrue();
                        assertThat(failed.get("error_class").asText()).as("a failed attempt: %s", failed).isEqualTo("connect");
                        failedAttempts++;
                    }
                }
                assertThat(failedAttempts).isGreaterThanOrEqualTo(3);
                System.out.printf("receiver outage of %d ms (10 min on the default schedule): %d events, each delivered"
                        + " once, after %d failed attempts in all%n", OUTAGE.toMillis(), acknowledged.size(), failedAttempts);
            }
        }
    }

    /** The webhook's deliveries, oldest first (one page: fewer than the page's limit here). */
    private static List<JsonNode> deliveries(AdminApi api, String webhookId) throws Exception {
        HttpResponse<String> page = api.get("/v1/webhooks/" + webhookId + "/deliveries?limit=500");
        List<JsonNode> deliveries = new ArrayList<>();
        AdminApi.json(page).get("data").forEach(deliveries::add);
        return deliveries;
    }

    private static int attemptsOf(AdminApi api, String webhookId, String eventId) {
        try {
            return deliveries(api, webhookId).stream().filter(d -> d.get("event_id").asText().equals(eventId))
                    .mapToInt(d -> d.get("attempts").asInt()).findFirst().orElse(0);
        } catch (Exception e) {
            return 0;
        }
    }

    private static long pending(AdminApi api, String webhookId) {
        try {
            return deliveries(api, webhookId).stream().filter(d -> d.get("status").asText().equals("pending")).count();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void waitUntil(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
        }
    }
}
