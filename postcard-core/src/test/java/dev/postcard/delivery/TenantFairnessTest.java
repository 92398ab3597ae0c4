package dev.postcard.delivery;

import static dev.postcard.delivery.Engines.CLOCK;
import static dev.postcard.delivery.Engines.await;
import static dev.postcard.delivery.Engines.delivered;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.Postcard;
import dev.postcard.event.Event;
import dev.postcard.event.IdPrefix;
import dev.postcard.secrets.StoredSecret;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** One tenant's backlog of deliveries does not hold up another tenant's. */
class TenantFairnessTest {
    /** More than the worker ever holds in flight (4,096): claimed in due order, B's delivery would come last. */
    private static final int BACKLOG = 5_000;

    @EachDatabase
    void anotherTenantsDeliveryIsMadeWhileOneTenantsBacklogIsOwed(TestDatabase db) {
        CountDownLatch backlogMayDrain = new CountDownLatch(1);
        Receiver.Responder held = exchange -> {
            try {
                if (!backlogMayDrain.await(2, TimeUnit.MINUTES)) {
                    throw new IOException("the test never let tenant A's endpoint answer");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while held", e);
            }
            Receiver.answering(200).respond(exchange);
        };
        try (Receiver endpointA = Receiver.http(held);
             Receiver endpointB = Receiver.http(Receiver.answering(200));
             // The longest timeout: no attempt at A's held endpoint gives up while the test holds it.
             Postcard postcard = Engines.fast(db.url()).deliveryTimeout(WebhookSender.MAX_TIMEOUT).build()) {
            subscribe(postcard, "tenant-a", endpointA);
            Webhook hookB = subscribe(postcard, "tenant-b", endpointB);
            try {
                for (int i = 0; i < BACKLOG; i += 500) {
                    List<Event> events = new ArrayList<>();
                    for (int j = i; j < i + 500; j++) {
                        events.add(delivered("msg_a" + j));
                    }
                    postcard.record("tenant-a", events);
                }
                postcard.record("tenant-b", delivered("msg_b"));

                // The limit only keeps a starved delivery from hanging the build; it is no measure of speed.
                await("tenant B's delivery arrived", Duration.ofSeconds(60), () -> endpointB.requests().size() == 1);
                assertThat(endpointA.requests()).as("A's endpoint has answered none of its " + BACKLOG + " yet")
                        .hasSizeLessThanOrEqualTo(4);
                await("B's delivery is recorded as made", Duration.ofSeconds(30), () -> postcard.deliveries()
                        .listDeliveries("tenant-b", hookB.id(), Optional.of(DeliveryStatus.SUCCEEDED), Optional.empty(), 10)
                        .items().size() == 1);
                assertThat(postcard.deliveries().listDeliveries("tenant-a", postcard.deliveries()
                        .enabledFor("tenant-a").getFirst().id(), Optional.of(DeliveryStatus.SUCCEEDED),
                        Optional.empty(), 10).items()).as("none of A's backlog is delivered").isEmpty();
            } finally {
                backlogMayDrain.countDown();
            }
        }
    }

    private static Webhook subscribe(Postcard postcard, String tenantId, Receiver receiver) {
        Webhook webhook = Webhook.create(IdPrefix.WEBHOOK.newId(), tenantId, receiver.url("/" + tenantId), "test",
                List.of("*"), new StoredSecret(WebhookSecrets.generate()), CLOCK.instant());
        postcard.deliveries().createWebhook(webhook);
        return webhook;
    }
}
