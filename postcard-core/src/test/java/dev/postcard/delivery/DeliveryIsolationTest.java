package dev.postcard.delivery;

import static dev.postcard.delivery.Engines.TENANT;
import static dev.postcard.delivery.Engines.allIn;
import static dev.postcard.delivery.Engines.await;
import static dev.postcard.delivery.Engines.delivered;
import static dev.postcard.delivery.Engines.deliveries;
import static dev.postcard.delivery.Engines.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.Page;
import dev.postcard.Postcard;
import dev.postcard.testing.TestDatabases;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeliveryIsolationTest {

    /**
     * More events than a tenant may have claimed at once (a quarter of {@link DeliveryWorker#MAX_IN_FLIGHT}): were
     * the held endpoint's deliveries claimed as they come due, they would fill the tenant's claims and the fast
     * endpoint's would wait in the database until the held ones answered.
     */
    @Test
    void aSlowEndpointsBacklogDoesNotHoldUpAFastOneOfTheSameTenant() throws Exception {
        int events = DeliveryWorker.MAX_IN_FLIGHT / 4 + 100;
        CountDownLatch slowMayAnswer = new CountDownLatch(1);
        try (Receiver slow = Receiver.http(heldUntil(slowMayAnswer));
             Receiver quick = Receiver.http(Receiver.answering(200));
             Postcard postcard = Engines.fast(TestDatabases.freshSqliteUrl())
                     .deliveryTimeout(WebhookSender.MAX_TIMEOUT).build()) {
            Webhook slowHook = subscribe(postcard, slow, "/slow", WebhookSecrets.generate());
            subscribe(postcard, quick, "/fast", WebhookSecrets.generate());
            try {
                for (int i = 0; i < events; i += 100) {
                    postcard.record(TENANT, IntStream.range(i, Math.min(events, i + 100))
                            .mapToObj(n -> delivered("msg_" + n)).toList());
                }

                await("the fast endpoint got every event while the slow one holds its first", Duration.ofSeconds(60),
                        () -> quick.requests().size() >= events);
                assertThat(quick.requests()).hasSize(events);
                assertThat(slow.requests()).as("only the slow endpoint's first attempts, held").hasSizeLessThan(20);
                // What keeps the fast one going: the slow one's deliveries wait in the database, not in claims
                // (a claimed delivery holds a turn of the tenant's; without the per-webhook cap the tenant's
                // 1,024 would fill with them, and the fast one's would only move as their leases gave up). With
                // the cap: at most what one claim gave it before it was full, and the cap.
                assertThat(leased(postcard, slowHook)).as("the slow endpoint's claimed deliveries")
                        .isLessThan(DeliveryWorker.MAX_IN_FLIGHT / 8);
            } finally {
                slowMayAnswer.countDown();
            }
        }
    }

    private static long leased(Postcard postcard, Webhook webhook) {
        long leased = 0;
        Optional<String> cursor = Optional.empty();
        do {
            Page<Delivery> page = postcard.deliveries().listDeliveries(TENANT, webhook.id(), Optional.empty(), cursor,
                    100);
            leased += page.items().stream().filter(d -> d.leaseOwner().isPresent()).count();
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return leased;
    }

    private static Receiver.Responder heldUntil(CountDownLatch mayAnswer) {
        return exchange -> {
            try {
                if (!mayAnswer.await(2, TimeUnit.MINUTES)) {
                    throw new IOException("the test never let the slow endpoint answer");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while held", e);
            }
            Receiver.answering(200).respond(exchange);
        };
    }

    @Test
    void aSlowEndpointDoesNotDelayAFastOne() {
        CountDownLatch slowMayAnswer = new CountDownLatch(1);
        try (Receiver slow = Receiver.http(heldUntil(slowMayAnswer));
             Receiver quick = Receiver.http(Receiver.answering(200));
             // The longest timeout: no attempt at the held endpoint gives up while the test holds it.
             Postcard postcard = Engines.fast(TestDatabases.freshSqliteUrl())
                     .deliveryTimeout(WebhookSender.MAX_TIMEOUT).build()) {
            Webhook slowHook = subscribe(postcard, slow, "/slow", WebhookSecrets.generate());
            Webhook quickHook = subscribe(postcard, quick, "/fast", WebhookSecrets.generate());
            try {
                for (int i = 0; i < 10; i++) {
                    postcard.record(TENANT, delivered("msg_" + i));
                }

                // The limit only keeps a broken worker from hanging the build; it is no measure of speed.
                await("the fast endpoint got all ten events while the slow one holds its first", Duration.ofSeconds(20),
                        () -> quick.requests().size() >= 10 && slow.requests().size() >= 4);
                assertThat(quick.requests()).hasSize(10);
                assertThat(slow.requests()).as("at most four attempts at once against one endpoint").hasSize(4);
                assertThat(deliveries(postcard, slowHook)).as("the slow endpoint has not answered any of them yet")
                        .hasSize(10).allSatisfy(d -> assertThat(d.attempts()).isZero());
            } finally {
                slowMayAnswer.countDown();
            }
            // Generous: should the held deliveries outlast their lease, they are sent once it ends.
            await("every event reached both endpoints", Duration.ofSeconds(90),
                    () -> allIn(postcard, slowHook, DeliveryStatus.SUCCEEDED, 10)
                            && allIn(postcard, quickHook, DeliveryStatus.SUCCEEDED, 10));
            assertThat(slow.requests()).hasSize(10);
        }
    }
}
