package dev.postcard.delivery;

import static dev.postcard.delivery.TestWebhooks.answered;
import static dev.postcard.delivery.TestWebhooks.attached;
import static dev.postcard.delivery.TestWebhooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.storage.JdbcStore;
import dev.postcard.storage.TestEvents;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Attempts that finish together are written together (one log batch, one outcome per run of a webhook's equal
 * outcomes), and every one still comes out as if written alone; and the due backlog is counted per tenant.
 */
class DeliveryBatchTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final int EVENTS = 40;

    @EachDatabase
    void attemptsRecordedTogetherAreEachLoggedOnceAndMoveTheStreak(TestDatabase db) throws Exception {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = attached(store);
        Webhook hook = webhook("default", "*");
        deliveries.createWebhook(hook);
        for (int i = 0; i < EVENTS; i++) {
            store.append("default", TestEvents.withId("evt_" + i));
        }
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // as stored
        List<ClaimedDelivery> claimed = deliveries.claimDue("node", now, LEASE, EVENTS);
        assertThat(claimed).hasSize(EVENTS);

        Instant firstFailure = now.minusSeconds(EVENTS);
        List<Boolean> failed = recordTogether(claimed, (c, i) -> deliveries.recordAttempt("node",
                answered(c, 503, "busy", firstFailure.plusSeconds(i)), DeliveryOutcome.retryAt(now)));
        assertThat(failed).containsOnly(true);
        // Whichever batch was written first starts the streak, at one of its failures.
        assertThat(deliveries.findWebhook("default", hook.id()).orElseThrow().failingSince().orElseThrow())
                .isBetween(firstFailure, firstFailure.plusSeconds(EVENTS));

        List<ClaimedDelivery> again = deliveries.claimDue("node", now, LEASE, EVENTS);
        List<Boolean> succeeded = recordTogether(again, (c, i) -> deliveries.recordAttempt(i == 0 ? "someone else" : "node",
                answered(c, 204, "ok", now.plusSeconds(i)), DeliveryOutcome.succeeded()));
        assertThat(succeeded.getFirst()).as("not the lease owner: nothing written").isFalse();
        assertThat(succeeded.subList(1, EVENTS)).containsOnly(true);
        Webhook after = deliveries.findWebhook("default", hook.id()).orElseThrow();
        assertThat(after.failingSince()).as("a success ends the streak").isEmpty();
        assertThat(after.lastSuccessAt()).isPresent();

        for (int i = 0; i < EVENTS; i++) {
            String id = again.get(i).delivery().id();
            assertThat(deliveries.listAttempts("default", id)).as(id).hasSize(i == 0 ? 1 : 2);
            assertThat(deliveries.findDelivery("default", id).orElseThrow().status())
                    .isEqualTo(i == 0 ? DeliveryStatus.PENDING : DeliveryStatus.SUCCEEDED);
        }
    }

    @EachDatabase
    void theDueBacklogIsCountedPerTenantWithItsOldest(TestDatabase db) {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = attached(store);
        deliveries.createWebhook(webhook("default", "*"));
        assertThat(deliveries.due(Instant.now()).count()).isZero();
        store.append("default", TestEvents.withId("evt_a"));
        store.append("default", TestEvents.withId("evt_b"));
        Instant later = Instant.now().plusSeconds(60);

        DueDeliveries due = deliveries.due(later);
        assertThat(due.count()).isEqualTo(2);
        assertThat(due.byTenant()).containsOnlyKeys("default");
        assertThat(due.oldestAge()).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(70));
        assertThat(deliveries.due(Instant.now().minusSeconds(3600)).count()).as("none due an hour ago").isZero();
    }

    private interface Recorder {
        boolean record(ClaimedDelivery claimed, int index) throws Exception;
    }

    /** Records from as many threads at once, so the attempts share group commits. */
    private static List<Boolean> recordTogether(List<ClaimedDelivery> claimed, Recorder recorder) throws Exception {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < claimed.size(); i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return recorder.record(claimed.get(index), index);
                }));
            }
            start.countDown();
            List<Boolean> results = new ArrayList<>();
            for (Future<Boolean> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }
}
