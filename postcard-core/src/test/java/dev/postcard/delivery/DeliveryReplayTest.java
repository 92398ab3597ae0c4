package dev.postcard.delivery;

import static dev.postcard.delivery.TestWebhooks.answered;
import static dev.postcard.delivery.TestWebhooks.attached;
import static dev.postcard.delivery.TestWebhooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.ConflictException;
import dev.postcard.NotFoundException;
import dev.postcard.Page;
import dev.postcard.event.Event;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import dev.postcard.storage.JdbcStore;
import dev.postcard.storage.TestEvents;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

class DeliveryReplayTest {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Instant T0 = TestEvents.T0;

    @EachDatabase
    void retryPutsAFailedDeliveryBackToPendingNow(TestDatabase db) {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = attached(store);
        deliveries.createWebhook(webhook("default", "*"));
        store.append("default", TestEvents.withId("evt_1"));
        ClaimedDelivery claimed = deliveries.claimDue("node", Instant.now(), LEASE, 1).getFirst();
        String id = claimed.delivery().id();

        assertThatThrownBy(() -> deliveries.retry("default", id)).as("a pending delivery")
                .isInstanceOf(ConflictException.class);
        deliveries.recordAttempt("node", answered(claimed, 410, "gone"), DeliveryOutcome.failed());
        assertThat(deliveries.claimDue("node", Instant.now().plusSeconds(3600), LEASE, 1)).as("failed").isEmpty();
        assertThatThrownBy(() -> deliveries.retry("acme", id)).as("another tenant's delivery")
                .isInstanceOf(NotFoundException.class);

        Delivery retried = deliveries.retry("default", id);

        assertThat(retried.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(retried.completedAt()).isEmpty();
        assertThat(deliveries.claimDue("node", Instant.now(), LEASE, 1)).singleElement()
                .satisfies(c -> assertThat(c.delivery().id()).isEqualTo(id));
    }

    @EachDatabase
    void aReplayLongerThanOneTransactionOwesEveryEventOnce(TestDatabase db) {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = attached(store);
        int events = 2 * JdbcDeliveryStore.REPLAY_CHUNK + 7;
        for (int from = 0; from < events; from += 500) {
            List<Event> batch = new ArrayList<>();
            for (int i = from; i < Math.min(from + 500, events); i++) {
                batch.add(at(EventType.EMAIL_DELIVERED, T0.plusMillis(i)));
            }
            store.append("default", batch);
        }
        // Subscribed after the events: the replay owes each of them once; a second replay owes none (all pending).
        Webhook hook = webhook("default", "*");
        deliveries.createWebhook(hook);

        assertThat(deliveries.replay("default", hook.id(), T0, T0.plusSeconds(60), Set.of())).isEqualTo(events);
        assertThat(deliveries.replay("default", hook.id(), T0, T0.plusSeconds(60), Set.of())).isZero();
        List<String> owed = new ArrayList<>();
        for (List<ClaimedDelivery> claim; !(claim = deliveries.claimDue("node", Instant.now(), LEASE, 500)).isEmpty(); ) {
            claim.forEach(c -> owed.add(c.delivery().eventId()));
        }
        assertThat(owed).hasSize(events).doesNotHaveDuplicates();
    }

    @EachDatabase
    void replayDeliversTheWindowsEventsAgainButNeverTwicePending(TestDatabase db) {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = attached(store);
        Webhook hook = webhook("default", "email.*");
        deliveries.createWebhook(hook);
        Event before = at(EventType.EMAIL_DELIVERED, T0.minusSeconds(1));
        Event delivered = at(EventType.EMAIL_DELIVERED, T0);
        Event bounced = at(EventType.EMAIL_BOUNCED, T0.plusSeconds(10));
        Event unsubscribedType = at(EventType.ALERT_TRIGGERED, T0.plusSeconds(20));
        Event atUntil = at(EventType.EMAIL_DELIVERED, T0.plusSeconds(60));
        store.append("default", List.of(before, delivered, bounced, unsubscribedType, atUntil));
        store.append("acme", at(EventType.EMAIL_DELIVERED, T0.plusSeconds(5)));

        assertThat(deliveries.replay("default", hook.id(), T0, T0.plusSeconds(60), Set.of()))
                .as("all still pending from the outbox").isZero();
        finishAll(deliveries);

        assertThat(deliveries.replay("default", hook.id(), T0, T0.plusSeconds(60), Set.of())).isEqualTo(2);
        assertThat(deliveries.replay("default", hook.id(), T0, T0.plusSeconds(60), Set.of()))
                .as("replayed again while pending").isZero();
        List<Delivery> replays = deliveries.listDeliveries("default", hook.id(), Optional.of(DeliveryStatus.PENDING),
                Optional.empty(), 10).items();
        assertThat(replays).extracting(Delivery::eventId).containsExactlyInAnyOrder(delivered.id(), bounced.id());
        assertThat(replays).allSatisfy(d -> assertThat(d.generation()).isEqualTo(1));

        finishAll(deliveries);
        assertThat(deliveries.replay("default", hook.id(), T0, T0.plusSeconds(60), Set.of(EventType.EMAIL_BOUNCED,
                EventType.ALERT_TRIGGERED))).as("only the asked types the webhook subscribes to").isEqualTo(1);
        assertThat(deliveries.listDeliveries("default", hook.id(), Optional.empty(), Optional.empty(), 100).items())
                .as("outbox (the alert is not subscribed), first replay, second replay").hasSize(4 + 2 + 1);
    }

    @EachDatabase
    void replayOfAnotherTenantsWebhookIsNotFound(TestDatabase db) {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = attached(store);
        Webhook hook = webhook("acme", "*");
        deliveries.createWebhook(hook);

        assertThatThrownBy(() -> deliveries.replay("default", hook.id(), T0, T0.plusSeconds(60), Set.of()))
                .isInstanceOf(NotFoundException.class);
    }

    @EachDatabase
    void deliveriesAndAttemptsAreListedPerTenantAndWebhook(TestDatabase db) {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = attached(store);
        Webhook hook = webhook("default", "*");
        Webhook other = webhook("default", "*");
        deliveries.createWebhook(hook);
        deliveries.createWebhook(other);
        for (int i = 0; i < 5; i++) {
            store.append("default", TestEvents.withId("evt_" + i));
        }
        ClaimedDelivery claimed = deliveries.claimDue("node", Instant.now(), LEASE, 1).getFirst();
        deliveries.recordAttempt("node", answered(claimed, 200, "ok"), DeliveryOutcome.succeeded());
        Webhook claimedHook = claimed.webhook();

        List<String> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            Page<Delivery> page = deliveries.listDeliveries("default", hook.id(), Optional.empty(), cursor, 2);
            page.items().forEach(d -> {
                assertThat(d.webhookId()).isEqualTo(hook.id());
                seen.add(d.id());
            });
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        assertThat(seen).hasSize(5).doesNotHaveDuplicates();

        assertThat(deliveries.listDeliveries("default", claimedHook.id(), Optional.of(DeliveryStatus.SUCCEEDED),
                Optional.empty(), 10).items()).extracting(Delivery::id).containsExactly(claimed.delivery().id());
        assertThat(deliveries.listAttempts("default", claimed.delivery().id())).singleElement()
                .satisfies(a -> assertThat(a.responseExcerpt()).hasValue("ok"));
        assertThat(deliveries.listAttempts("acme", claimed.delivery().id())).as("another tenant").isEmpty();
        assertThat(deliveries.findDelivery("acme", claimed.delivery().id())).isEmpty();
        assertThat(deliveries.listDeliveries("acme", hook.id(), Optional.empty(), Optional.empty(), 10).items())
                .isEmpty();
    }

    @EachDatabase
    void deletingAWebhookDeletesItsDeliveries(TestDatabase db) {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = attached(store);
        Webhook hook = webhook("default", "*");
        deliveries.createWebhook(hook);
        store.append("default", TestEvents.withId("evt_1"));

        deliveries.deleteWebhook("default", hook.id());

        assertThat(deliveries.claimDue("node", Instant.now(), LEASE, 10)).isEmpty();
        assertThat(deliveries.listDeliveries("default", hook.id(), Optional.empty(), Optional.empty(), 10).items())
                .isEmpty();
    }

    private static Event at(EventType type, Instant createdAt) {
        if (type.isEmailEvent()) {
            return TestEvents.email(IdPrefix.EVENT.newId(), type, TestEvents.newMessageId(), createdAt, data -> {
            });
        }
        return new Event(IdPrefix.EVENT.newId(), type, createdAt,
                dev.postcard.event.EventCodec.MAPPER.createObjectNode().put("alert", "test"));
    }

    private static void finishAll(JdbcDeliveryStore deliveries) {
        for (ClaimedDelivery claimed : deliveries.claimDue("finisher", Instant.now(), LEASE, 100)) {
            assertThat(deliveries.recordAttempt("finisher", answered(claimed, 200, "ok"), DeliveryOutcome.succeeded()))
                    .isTrue();
        }
    }
}
