package dev.postcard.delivery;

import static dev.postcard.delivery.Engines.TENANT;
import static dev.postcard.delivery.Engines.await;
import static dev.postcard.delivery.Engines.delivered;
import static dev.postcard.delivery.Engines.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.Postcard;
import dev.postcard.testing.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryIsolationTest {

    @Test
    void aSlowEndpointDoesNotDelayAFastOne() {
        Receiver.Responder slow = exchange -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Receiver.answering(200).respond(exchange);
        };
        try (Receiver sluggish = Receiver.http(slow);
             Receiver quick = Receiver.http(Receiver.answering(200));
             Postcard postcard = Engines.fast(TestDatabases.freshSqliteUrl()).build()) {
            subscribe(postcard, sluggish, "/slow", WebhookSecrets.generate());
            subscribe(postcard, quick, "/fast", WebhookSecrets.generate());
            long started = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                postcard.record(TENANT, delivered("msg_" + i));
            }

            await("the fast endpoint got all ten events", Duration.ofMillis(1_500), () -> quick.requests().size() == 10);
            Duration fastDone = Duration.ofNanos(System.nanoTime() - started);
            assertThat(fastDone).isLessThan(Duration.ofMillis(1_500));
            assertThat(sluggish.requests()).as("at most four attempts at once against one endpoint").hasSizeLessThanOrEqualTo(4);
        }
    }
}
