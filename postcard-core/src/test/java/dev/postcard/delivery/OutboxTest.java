package dev.postcard.delivery;

import static dev.postcard.delivery.TestWebhooks.attached;
import static dev.postcard.delivery.TestWebhooks.disabled;
import static dev.postcard.delivery.TestWebhooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import dev.postcard.event.AppendResult;
import dev.postcard.event.Event;
import dev.postcard.event.EventType;
import dev.postcard.storage.JdbcStore;
import dev.postcard.storage.TestEvents;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

class OutboxTest {

    @EachDatabase
    void appendingAnEventCreatesDeliveriesForMatchingEnabledWebhooksOfItsTenantOnly(TestDatabase db) {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = attached(store);
        Webhook exact = webhook("default", "email.bounced");
        Webhook family = webhook("default", "email.*");
        Webhook everything = webhook("default", "*");
        Webhook alias = webhook("default", "bounced");
        Webhook otherType = webhook("default", "email.opened", "delivered");
        Webhook off = disabled(webhook("default", "*"));
        Webhook otherTenant = webhook("acme", "*");
        for (Webhook w : List.of(exact, family, everything, alias, otherType, off, otherTenant)) {
            deliveries.createWebhook(w);
        }

        Event bounced = TestEvents.email(EventType.EMAIL_BOUNCED, TestEvents.newMessageId());
        AppendResult stored = store.append("default", bounced);

        for (Webhook w : List.of(exact, family, everything, alias)) {
            List<Delivery> made = pending(deliveries, w);
            assertThat(made).as("deliveries to %s", w.events()).singleElement().satisfies(d -> {
                assertThat(d.eventId()).isEqualTo(bounced.id());
                assertThat(d.eventSeq()).isEqualTo(stored.stored().seq());
                assertThat(d.attempts()).isZero();
                assertThat(d.leaseOwner()).isEmpty();
                assertThat(d.nextAttemptAt()).isBeforeOrEqualTo(java.time.Instant.now());
            });
        }
        assertThat(pending(deliveries, otherType)).as("a webhook of other types").isEmpty();
        assertThat(pending(deliveries, off)).as("a disabled webhook").isEmpty();
        assertThat(deliveries.listDeliveries("acme", otherTenant.id(), Optional.empty(), Optional.empty(), 10).items())
                .as("another tenant's webhook").isEmpty();
    }

    @EachDatabase
    void duplicatesOfAnEventCreateNoFurtherDeliveries(TestDatabase db) {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = attached(store);
        Webhook all = webhook("default", "*");
        deliveries.createWebhook(all);
        Event event = TestEvents.withId("evt_dup");

        store.append("default", List.of(event, event));
        store.append("default", event);

        assertThat(pending(deliveries, all)).hasSize(1);
    }

    @EachDatabase
    void aFailingAppendStepRollsBackTheEventAndItsDeliveries(TestDatabase db) {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = attached(store);
        store.addAppendStep((connection, dialect, stored) -> {
            if (stored.event().text("subject").orElse("").equals("poison")) {
                throw new InvalidInputException("data.subject", "poison refused");
            }
        });
        Webhook all = webhook("default", "*");
        deliveries.createWebhook(all);
        Event innocent = TestEvents.withSubject("innocent");

        assertThatThrownBy(() -> store.append("default", List.of(innocent, TestEvents.withSubject("poison"))))
                .isInstanceOf(InvalidInputException.class);

        assertThat(store.findEvent("default", innocent.id())).isEmpty();
        assertThat(pending(deliveries, all)).as("deliveries of a rolled-back event").isEmpty();
    }

    @EachDatabase
    void thisNodesWebhookChangesReachTheOutboxAtOnce(TestDatabase db) {
        JdbcStore store = db.open();
        JdbcDeliveryStore deliveries = new JdbcDeliveryStore(store, Clock.systemUTC(), Duration.ofHours(1));
        store.addAppendStep(deliveries.outboxStep());
        store.append("default", TestEvents.withId("evt_before")); // remembers: no webhooks

        Webhook all = webhook("default", "*");
        deliveries.createWebhook(all);
        store.append("default", TestEvents.withId("evt_after_create"));
        deliveries.updateWebhook(disabled(all));
        store.append("default", TestEvents.withId("evt_after_disable"));

        assertThat(pending(deliveries, all)).extracting(Delivery::eventId).containsExactly("evt_after_create");
    }

    @EachDatabase
    void anotherNodesNewWebhookReachesTheOutboxOnceTheMemoryExpires(TestDatabase db) {
        MovableClock clock = MovableClock.atStart();
        JdbcStore nodeA = db.open();
        JdbcDeliveryStore deliveriesA = new JdbcDeliveryStore(nodeA, clock, Duration.ofMillis(200));
        nodeA.addAppendStep(deliveriesA.outboxStep());
        JdbcDeliveryStore deliveriesB = new JdbcDeliveryStore(db.open());
        nodeA.append("default", TestEvents.withId("evt_before")); // remembers: no webhooks

        Webhook all = webhook("default", "*");
        deliveriesB.createWebhook(all);
        clock.advance(Duration.ofMillis(199));
        nodeA.append("default", TestEvents.withId("evt_remembered"));
        clock.advance(Duration.ofMillis(1));
        nodeA.append("default", TestEvents.withId("evt_later"));

        assertThat(pending(deliveriesB, all)).extracting(Delivery::eventId).containsExactly("evt_later");
    }

    private static List<Delivery> pending(JdbcDeliveryStore deliveries, Webhook webhook) {
        return deliveries.listDeliveries(webhook.tenantId(), webhook.id(), Optional.of(DeliveryStatus.PENDING),
                Optional.empty(), 100).items();
    }
}
