package dev.postcard.delivery;

import static dev.postcard.delivery.TestWebhooks.answered;
import static dev.postcard.delivery.TestWebhooks.attached;
import static dev.postcard.delivery.TestWebhooks.disabled;
import static dev.postcard.delivery.TestWebhooks.unanswered;
import static dev.postcard.delivery.TestWebhooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.event.AppendResult;
import dev.postcard.event.Event;
import dev.postcard.event.EventType;
import dev.postcard.storage.JdbcStore;
import dev.postcard.storage.TestEvents;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

class DeliveryClaimTest {
    private static final Duration LEASE = Duration.ofSeconds(30);

    @EachDatabase
    void twoNodesClaimingTogetherGetEveryDueDeliveryExactlyOnce(TestDatabase db) throws Exception {
        JdbcStore nodeA = db.open();
        JdbcDeliveryStore deliveriesA = attached(nodeA);
        JdbcDeliveryStore deliveriesB = new JdbcDeliveryStore(db.open());
        deliveriesA.createWebhook(webhook("default", "*"));
        deliveriesA.createWebhook(webhook("default", "email.*"));
        List<Event> events = IntStream.range(0, 150)
                .mapToObj(i -> TestEvents.email(EventType.EMAIL_DELIVERED, TestEvents.newMessageId())).toList();
        nodeA.append("default", events);
        int due = 2 * events.size();

        List<JdbcDeliveryStore> nodes = List.of(deliveriesA, deliveriesB);
        int claimersPerNode = 4;
        ExecutorService pool = Executors.newFixedThreadPool(2 * claimersPerNode);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> claims = new ArrayList<>();
        try {
            for (int n = 0; n < nodes.size(); n++) {
                for (int c = 0; c < claimersPerNode; c++) {
                    JdbcDeliveryStore node = nodes.get(n);
                    String owner = "node-" + n + "-claimer-" + c;
                    claims.add(pool.submit(() -> {
                        start.await();
                        List<String> mine = new ArrayList<>();
                        for (List<ClaimedDelivery> batch; !(batch = node.claimDue(owner, Instant.now(), LEASE, 7))
                                .isEmpty(); ) {
                            batch.forEach(claimed -> {
                                assertThat(claimed.delivery().leaseOwner()).hasValue(owner);
                                mine.add(claimed.delivery().id());
                            });
                        }
                        return mine;
                    }));
                }
            }
            start.countDown();
            List<String> all = new ArrayList<>();
            for (Future<List<String>> claim : claims) {
                all.addAll(claim.get());
            }

            assertThat(Set.copyOf(all)).as("distinct deliveries claimed").hasSize(due);
            assertThat(all).as("claims, counting a delivery claimed twice twice").hasSize(due);
        } finally {
            pool.shutdownNow();
        }
        assertThat(deliveriesB.claimDue("late", Instant.now(), LEASE, 100)).as("leased deliveries are not due").isEmpty();
    }

    @EachDatabase
    void anExpiredLeaseIsClaimableByAnotherOwnerAndTheOldOwnersAttemptIsRefused(TestDatabase db) {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = attached(store);
        deliveries.createWebhook(webhook("default", "*"));
        store.append("default", TestEvents.withId("evt_lease"));
        Instant now = Instant.now();

        ClaimedDelivery first = deliveries.claimDue("old", now, LEASE, 10).getFirst();
        assertThat(deliveries.claimDue("new", now.plus(LEASE).minusMillis(1), LEASE, 10))
                .as("claims while the lease runs").isEmpty();
        List<ClaimedDelivery> second = deliveries.claimDue("new", now.plus(LEASE), LEASE, 10);

        assertThat(second).singleElement().satisfies(c -> {
            assertThat(c.delivery().id()).isEqualTo(first.delivery().id());
            assertThat(c.delivery().leaseOwner()).hasValue("new");
        });
        assertThat(deliveries.recordAttempt("old", answered(first, 200, "ok"), DeliveryOutcome.succeeded()))
                .as("the old owner's attempt").isFalse();
        assertThat(deliveries.listAttempts("default", first.delivery().id())).as("attempts logged").isEmpty();
        assertThat(deliveries.recordAttempt("new", answered(second.getFirst(), 200, "ok"), DeliveryOutcome.succeeded()))
                .as("the new owner's attempt").isTrue();
        assertThat(deliveries.findDelivery("default", first.delivery().id()).orElseThrow().status())
                .isEqualTo(DeliveryStatus.SUCCEEDED);
    }

    @EachDatabase
    void theClaimCarriesTheWebhookAndTheStoredEnvelopeByteForByte(TestDatabase db) {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = attached(store);
        Webhook hook = webhook("default", "bounced");
        deliveries.createWebhook(hook);
        Event event = TestEvents.email(EventType.EMAIL_BOUNCED, TestEvents.newMessageId(),
                data -> data.put("subject", "Grüße \uD83D\uDE00 \"quoted\" \\ </script>").put("bounce_type", "hard"));
        AppendResult stored = store.append("default", event);

        ClaimedDelivery claimed = deliveries.claimDue("node", Instant.now(), LEASE, 10).getFirst();

        assertThat(claimed.envelope()).isEqualTo(stored.stored().json())
                .isEqualTo(store.findEvent("default", event.id()).orElseThrow().json());
        assertThat(claimed.eventType()).isEqualTo(EventType.EMAIL_BOUNCED);
        assertThat(claimed.webhook()).isEqualTo(hook);
        assertThat(claimed.delivery().eventId()).isEqualTo(event.id());
    }

    @EachDatabase
    void onlyDueDeliveriesOfEnabledWebhooksAreClaimed(TestDatabase db) {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = attached(store);
        Webhook hook = webhook("default", "*");
        deliveries.createWebhook(hook);
        store.append("default", TestEvents.withId("evt_1"));
        ClaimedDelivery claimed = deliveries.claimDue("node", Instant.now(), LEASE, 10).getFirst();
        Instant retryAt = Instant.now().plusSeconds(300);
        assertThat(deliveries.recordAttempt("node", answered(claimed, 500, "oops"), DeliveryOutcome.retryAt(retryAt)))
                .isTrue();

        assertThat(deliveries.claimDue("node", retryAt.minusMillis(1), LEASE, 10)).as("before it is due").isEmpty();
        deliveries.updateWebhook(disabled(hook));
        assertThat(deliveries.claimDue("node", retryAt, LEASE, 10)).as("webhook disabled").isEmpty();
        deliveries.updateWebhook(hook);
        assertThat(deliveries.claimDue("node", retryAt, LEASE, 10)).as("due and enabled").hasSize(1);
    }

    @EachDatabase
    void attemptsMoveTheDeliveryAndKeepTheWebhooksFailingStreak(TestDatabase db) {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = attached(store);
        Webhook hook = webhook("default", "*");
        deliveries.createWebhook(hook);
        store.append("default", TestEvents.withId("evt_1"));
        Instant now = Instant.now();

        ClaimedDelivery first = deliveries.claimDue("node", now, LEASE, 10).getFirst();
        DeliveryAttempt timeout = unanswered(first, "java.net.http.HttpTimeoutException", "request timed out");
        assertThat(deliveries.recordAttempt("node", timeout, DeliveryOutcome.retryAt(now))).isTrue();
        Delivery retrying = deliveries.findDelivery("default", first.delivery().id()).orElseThrow();
        assertThat(retrying.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(retrying.attempts()).isEqualTo(1);
        assertThat(retrying.leaseOwner()).as("lease released").isEmpty();
        assertThat(retrying.lastError()).hasValue("request timed out");
        Instant failingSince = deliveries.findWebhook("default", hook.id()).orElseThrow().failingSince().orElseThrow();
        assertThat(failingSince).isEqualTo(timeout.attemptedAt());

        ClaimedDelivery second = deliveries.claimDue("node", now, LEASE, 10).getFirst();
        assertThat(deliveries.recordAttempt("node", answered(second, 503, "busy"), DeliveryOutcome.retryAt(now)))
                .isTrue();
        assertThat(deliveries.findWebhook("default", hook.id()).orElseThrow().failingSince())
                .as("the streak keeps its start").hasValue(failingSince);

        ClaimedDelivery third = deliveries.claimDue("node", now, LEASE, 10).getFirst();
        String longBody = "é".repeat(2000);
        DeliveryAttempt success = answered(third, 204, longBody);
        assertThat(deliveries.recordAttempt("node", success, DeliveryOutcome.succeeded())).isTrue();

        Delivery done = deliveries.findDelivery("default", first.delivery().id()).orElseThrow();
        assertThat(done.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(3);
        assertThat(done.completedAt()).isPresent();
        assertThat(done.lastStatusCode()).hasValue(204);
        Webhook after = deliveries.findWebhook("default", hook.id()).orElseThrow();
        assertThat(after.failingSince()).as("a success ends the streak").isEmpty();
        assertThat(after.lastSuccessAt()).isPresent();

        List<DeliveryAttempt> attempts = deliveries.listAttempts("default", done.id());
        assertThat(attempts).extracting(a -> a.statusCode().isPresent() ? a.statusCode().getAsInt() : 0)
                .containsExactly(0, 503, 204);
        assertThat(attempts.getFirst().errorClass()).hasValue("java.net.http.HttpTimeoutException");
        assertThat(attempts.getLast().responseExcerpt().orElseThrow().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .as("the excerpt is at most 1 KiB").hasSize(1024);
        assertThat(deliveries.recordAttempt("node", success, DeliveryOutcome.succeeded()))
                .as("an attempt on a finished delivery").isFalse();
    }

    @EachDatabase
    void aClaimTakesAtMostMaxDeliveriesTheLongestDueFirst(TestDatabase db) {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = attached(store);
        deliveries.createWebhook(webhook("default", "*"));
        for (int i = 0; i < 5; i++) {
            store.append("default", TestEvents.withId("evt_" + i));
        }

        List<String> first = deliveries.claimDue("node", Instant.now(), LEASE, 3).stream()
                .map(c -> c.delivery().eventId()).toList();
        List<String> rest = deliveries.claimDue("node", Instant.now(), LEASE, 3).stream()
                .map(c -> c.delivery().eventId()).toList();

        assertThat(first).containsExactly("evt_0", "evt_1", "evt_2");
        assertThat(rest).containsExactly("evt_3", "evt_4");
    }

    @EachDatabase
    void everyWebhookOfATenantGetsItsShareOfAClaimWhateverAnothersBacklog(TestDatabase db) {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = attached(store);
        Webhook busy = webhook("default", "*");
        deliveries.createWebhook(busy);
        store.append("default", IntStream.range(0, 300).mapToObj(n -> TestEvents.withId("evt_old" + n)).toList());
        Webhook later = webhook("default", "*");
        deliveries.createWebhook(later);
        store.append("default", List.of(TestEvents.withId("evt_new1"), TestEvents.withId("evt_new2")));

        List<ClaimedDelivery> first = deliveries.claimDue("node", Instant.now(), LEASE, 10);

        assertThat(first).hasSize(10);
        assertThat(first).filteredOn(c -> c.webhook().id().equals(later.id())).as("both of the later webhook's")
                .extracting(c -> c.delivery().eventId()).containsExactlyInAnyOrder("evt_new1", "evt_new2");
        assertThat(first).filteredOn(c -> c.webhook().id().equals(busy.id())).as("the busy one's, oldest first")
                .extracting(c -> c.delivery().eventId())
                .containsExactly(IntStream.range(0, 8).mapToObj(n -> "evt_old" + n).toArray(String[]::new));
        // A webhook left out of a claim gets nothing of it.
        store.append("default", TestEvents.withId("evt_new3"));
        assertThat(deliveries.claimDue("node", Instant.now(), LEASE, 10, Set.of(), Set.of(busy.id())))
                .extracting(c -> c.delivery().eventId()).containsExactly("evt_new3");
    }

    /** 10 among 3 webhooks is 3 each and one over: the one over goes round, claim after claim. */
    @EachDatabase
    void whatIsLeftOverOfTheSharesGoesRoundTheWebhooks(TestDatabase db) {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = attached(store);
        List<Webhook> webhooks = List.of(webhook("default", "*"), webhook("default", "*"), webhook("default", "*"));
        webhooks.forEach(deliveries::createWebhook);
        store.append("default", IntStream.range(0, 100).mapToObj(n -> TestEvents.withId("evt_" + n)).toList());

        java.util.Map<String, Long> taken = new java.util.HashMap<>();
        for (int claim = 0; claim < 3; claim++) {
            deliveries.claimDue("node", Instant.now(), LEASE, 10)
                    .forEach(c -> taken.merge(c.webhook().id(), 1L, Long::sum));
        }

        assertThat(taken).hasSize(3).allSatisfy((webhook, count) -> assertThat(count).isEqualTo(10L));
    }

    @EachDatabase
    void everyTenantGetsItsShareOfAClaimWhateverAnothersBacklog(TestDatabase db) {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = attached(store);
        deliveries.createWebhook(webhook("tenant-a", "*"));
        deliveries.createWebhook(webhook("tenant-a", "*"));
        deliveries.createWebhook(webhook("tenant-b", "*"));
        deliveries.createWebhook(webhook("tenant-c", "*"));
        for (int i = 0; i < 1_000; i += 250) {
            store.append("tenant-a", IntStream.range(i, i + 250).mapToObj(n -> TestEvents.withId("evt_a" + n)).toList());
        }
        store.append("tenant-b", TestEvents.withId("evt_b"));
        store.append("tenant-c", List.of(TestEvents.withId("evt_c1"), TestEvents.withId("evt_c2")));

        List<ClaimedDelivery> first = deliveries.claimDue("node", Instant.now(), LEASE, 10);

        assertThat(first).hasSize(10);
        assertThat(first).filteredOn(c -> c.delivery().tenantId().equals("tenant-b")).as("B's one delivery")
                .extracting(c -> c.delivery().eventId()).containsExactly("evt_b");
        assertThat(first).filteredOn(c -> c.delivery().tenantId().equals("tenant-c")).as("both of C's")
                .extracting(c -> c.delivery().eventId()).containsExactlyInAnyOrder("evt_c1", "evt_c2");
        assertThat(first).filteredOn(c -> c.delivery().tenantId().equals("tenant-a")).as("A's, oldest first")
                .hasSize(7).allSatisfy(c -> assertThat(c.delivery().eventId()).isIn("evt_a0", "evt_a1", "evt_a2", "evt_a3"));
        // Only A is left to claim from, and a tenant left out of a claim gets nothing of it.
        assertThat(deliveries.claimDue("node", Instant.now(), LEASE, 10, Set.of("tenant-a"), Set.of())).isEmpty();
        assertThat(deliveries.claimDue("node", Instant.now(), LEASE, 10))
                .allSatisfy(c -> assertThat(c.delivery().tenantId()).isEqualTo("tenant-a")).hasSize(10);
    }
}
