package dev.postcard.delivery;

import static dev.postcard.delivery.Engines.TENANT;
import static dev.postcard.delivery.Engines.allIn;
import static dev.postcard.delivery.Engines.await;
import static dev.postcard.delivery.Engines.delivered;
import static dev.postcard.delivery.Engines.deliveries;
import static dev.postcard.delivery.Engines.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.Postcard;
import dev.postcard.testing.TestDatabases;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeliveryIsolationTest {

    @Test
    void aSlowEndpointDoesNotDelayAFastOne() {
        CountDownLatch slowMayAnswer = new CountDownLatch(1);
        Receiver.Responder held = exchange -> {
            try {
                if (!slowMayAnswer.await(2, TimeUnit.MINUTES)) {
                    throw new IOException("the test never let the slow endpoint answer");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while held", e);
            }
            Receiver.answering(200).respond(exchange);
        };
        try (Receiver slow = Receiver.http(held);
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
