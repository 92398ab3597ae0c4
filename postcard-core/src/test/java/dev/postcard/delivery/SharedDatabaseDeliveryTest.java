package dev.postcard.delivery;

import static dev.postcard.delivery.Engines.TENANT;
import static dev.postcard.delivery.Engines.allIn;
import static dev.postcard.delivery.Engines.await;
import static dev.postcard.delivery.Engines.delivered;
import static dev.postcard.delivery.Engines.deliveries;
import static dev.postcard.delivery.Engines.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.Postcard;
import dev.postcard.event.Event;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import dev.postcard.testing.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedDatabaseDeliveryTest {

    @Test
    void twoEnginesOnOnePostgresDeliverEachEventOnceToEachEndpoint() {
        String url = TestDatabases.freshPostgresUrl();
        try (Receiver first = Receiver.http(Receiver.answering(200));
             Receiver second = Receiver.http(Receiver.answering(200))) {
            List<String> ids = new ArrayList<>();
            try (Postcard a = Engines.fast(url).build()) {
                List<Webhook> webhooks = List.of(subscribe(a, first, "/one", WebhookSecrets.generate()),
                        subscribe(a, second, "/two", WebhookSecrets.generate()));
                try (Postcard b = Engines.fast(url).build()) {
                    for (int i = 0; i < 40; i++) {
                        Event event = delivered("msg_" + i);
                        ids.add(event.id());
                        (i % 2 == 0 ? a : b).record(TENANT, event);
                    }

                    await("every delivery to both endpoints succeeded", Duration.ofSeconds(30),
                            () -> webhooks.stream().allMatch(w -> allIn(a, w, DeliveryStatus.SUCCEEDED, 40)));
                    for (Webhook webhook : webhooks) {
                        assertThat(deliveries(a, webhook)).as("deliveries to %s", webhook.url())
                                .allSatisfy(d -> assertThat(d.attempts()).as("attempts of %s", d.id()).isEqualTo(1))
                                .allSatisfy(d -> assertThat(a.deliveries().listAttempts(TENANT, d.id())).hasSize(1));
                    }
                }
            }
            // Both engines closed, which lets an attempt under way finish: a duplicate would have arrived by now.
            for (Receiver receiver : List.of(first, second)) {
                assertThat(receiver.requests()).extracting(r -> r.header("webhook-id"))
                        .containsExactlyInAnyOrderElementsOf(ids);
            }
        }
    }

    @EachDatabase
    void deliveriesLeftByAStoppedEngineAreSentByTheNextOne(TestDatabase db) {
        try (Receiver receiver = Receiver.http(Receiver.answering(200))) {
            List<String> ids = new ArrayList<>();
            try (Postcard stopped = Engines.fast(db.url()).deliveryWorker(false).build()) {
                subscribe(stopped, receiver, "/in", WebhookSecrets.generate());
                for (int i = 0; i < 3; i++) {
                    Event event = delivered("msg_" + i);
                    ids.add(event.id());
                    stopped.record(TENANT, event);
                }
                // A node that crashed mid-attempt: its lease runs out, nothing was recorded.
                assertThat(stopped.deliveries().claimDue("crashed-node", Engines.CLOCK.instant(), Duration.ofMillis(300), 1))
                        .hasSize(1);
            }
            assertThat(receiver.requests()).isEmpty();

            try (Postcard next = Engines.fast(db.url()).build()) {
                await("the next engine delivered all three", Duration.ofSeconds(5),
                        () -> receiver.requests().size() >= 3);
                assertThat(receiver.requests()).extracting(r -> r.header("webhook-id"))
                        .containsExactlyInAnyOrderElementsOf(ids);
            }
        }
    }
}
