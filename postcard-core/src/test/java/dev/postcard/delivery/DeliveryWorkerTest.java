package dev.postcard.delivery;

import static dev.postcard.delivery.Engines.TENANT;
import static dev.postcard.delivery.Engines.allIn;
import static dev.postcard.delivery.Engines.await;
import static dev.postcard.delivery.Engines.delivered;
import static dev.postcard.delivery.Engines.deliveries;
import static dev.postcard.delivery.Engines.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.Postcard;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import dev.postcard.verify.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

class DeliveryWorkerTest {

    @EachDatabase
    void aRecordedEventArrivesByteForByteAndSigned(TestDatabase db) throws Exception {
        String secret = WebhookSecrets.generate();
        try (Receiver receiver = Receiver.http(Receiver.answering(200));
             Postcard postcard = Engines.fast(db.url()).build()) {
            Webhook webhook = subscribe(postcard, receiver, "/in", secret);
            Event event = delivered("msg_1");
            postcard.record(TENANT, event);

            await("the receiver got the event", Duration.ofSeconds(5), () -> receiver.requests().size() == 1);
            Receiver.Request request = receiver.onlyRequest();
            String stored = postcard.store().findEvent(TENANT, event.id()).orElseThrow().json();
            assertThat(request.body()).isEqualTo(stored.getBytes(StandardCharsets.UTF_8));
            assertThat(request.header("webhook-id")).isEqualTo(event.id());
            assertThat(request.header("X-Postcard-Event")).isEqualTo("email.delivered");
            // Verified at the engine's time; the Standard Webhooks library, which only reads the system clock,
            // checks the same signer in WebhookSenderRequestTest.
            assertThatCode(() -> WebhookVerifier.of(secret).withClock(Engines.CLOCK)
                    .verify(request.body(), request.headers()))
                    .doesNotThrowAnyException();
            await("the delivery is marked succeeded", Duration.ofSeconds(5),
                    () -> allIn(postcard, webhook, DeliveryStatus.SUCCEEDED, 1));
        }
    }

    @EachDatabase
    void aFailingEndpointIsRetriedOnTheScheduleUntilItAnswers(TestDatabase db) {
        AtomicInteger calls = new AtomicInteger();
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        Receiver.Responder failingTwice = exchange -> {
            arrivals.add(System.nanoTime());
            Receiver.answering(calls.incrementAndGet() <= 2 ? 500 : 200).respond(exchange);
        };
        try (Receiver receiver = Receiver.http(failingTwice);
             Postcard postcard = Engines.fast(db.url()).build()) {
            Webhook webhook = subscribe(postcard, receiver, "/in", WebhookSecrets.generate());
            Event event = delivered("msg_1");
            postcard.record(TENANT, event);

            await("the third attempt succeeded", Duration.ofSeconds(5),
                    () -> allIn(postcard, webhook, DeliveryStatus.SUCCEEDED, 1));
            assertThat(receiver.requests()).hasSize(3)
                    .allSatisfy(r -> assertThat(r.header("webhook-id")).isEqualTo(event.id()));
            Delivery delivery = deliveries(postcard, webhook).getFirst();
            assertThat(postcard.deliveries().listAttempts(TENANT, delivery.id()))
                    .extracting(a -> a.statusCode().orElse(0))
                    .containsExactly(500, 500, 200);
            assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).as("first delay: 50 ms")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(45));
            assertThat(Duration.ofNanos(arrivals.get(2) - arrivals.get(1))).as("second delay: 100 ms")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(95));
        }
    }

    @EachDatabase
    void aDeliveryFailsForGoodAfterTheLastAttempt(TestDatabase db) throws Exception {
        try (Receiver receiver = Receiver.http(Receiver.answering(500, "down", java.util.Map.of()));
             Postcard postcard = Engines.fast(db.url()).build()) {
            Webhook webhook = subscribe(postcard, receiver, "/in", WebhookSecrets.generate());
            postcard.record(TENANT, delivered("msg_1"));

            await("the delivery failed", Duration.ofSeconds(5), () -> allIn(postcard, webhook, DeliveryStatus.FAILED, 1));
            Thread.sleep(300);
            assertThat(receiver.requests()).as("one attempt plus one per scheduled delay").hasSize(3);
            Delivery delivery = deliveries(postcard, webhook).getFirst();
            assertThat(postcard.deliveries().listAttempts(TENANT, delivery.id())).as("attempts recorded").hasSize(3)
                    .allSatisfy(a -> assertThat(a.responseExcerpt()).hasValue("down"));
        }
    }

    @EachDatabase
    void goneDisablesTheEndpointAndTellsTheTenantsOtherEndpoints(TestDatabase db) {
        try (Receiver gone = Receiver.http(Receiver.answering(410));
             Receiver other = Receiver.http(Receiver.answering(200));
             Postcard postcard = Engines.fast(db.url()).build()) {
            Webhook disabled = subscribe(postcard, gone, "/gone", WebhookSecrets.generate(), List.of("email.*"));
            subscribe(postcard, other, "/ops", WebhookSecrets.generate(), List.of("endpoint.disabled"));
            postcard.record(TENANT, delivered("msg_1"));

            await("the other endpoint heard of it", Duration.ofSeconds(5), () -> other.requests().size() == 1);
            Webhook after = postcard.deliveries().findWebhook(TENANT, disabled.id()).orElseThrow();
            assertThat(after.enabled()).isFalse();
            assertThat(after.disabledReason()).hasValueSatisfying(r -> assertThat(r).contains("410"));
            assertThat(gone.requests()).hasSize(1);
            assertThat(allIn(postcard, disabled, DeliveryStatus.FAILED, 1)).isTrue();

            Receiver.Request notice = other.onlyRequest();
            assertThat(notice.header("X-Postcard-Event")).isEqualTo("endpoint.disabled");
            JsonNode envelope = EventCodec.MAPPER.readTree(notice.body());
            assertThat(envelope.path("type").asText()).isEqualTo("endpoint.disabled");
            assertThat(envelope.path("data").path("webhook_id").asText()).isEqualTo(disabled.id());
            assertThat(envelope.path("data").path("url").asText()).isEqualTo(disabled.url());
            assertThat(envelope.path("data").path("reason").asText()).contains("410");
            assertThat(envelope.path("data").has("to")).isFalse();
            assertThat(postcard.store().findEvent(TENANT, envelope.path("id").asText())).isPresent();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @EachDatabase
    void anEndpointTheAddressPolicyNoLongerAllowsIsNotCalled(TestDatabase db) {
        try (Receiver receiver = Receiver.http(Receiver.answering(200));
             Postcard postcard = Engines.fast(db.url()).allowPrivateNetworks(false).build()) {
            Webhook webhook = subscribe(postcard, receiver, "/in", WebhookSecrets.generate());
            postcard.record(TENANT, delivered("msg_1"));

            await("the delivery failed", Duration.ofSeconds(5), () -> allIn(postcard, webhook, DeliveryStatus.FAILED, 1));
            assertThat(receiver.requests()).isEmpty();
            Delivery delivery = deliveries(postcard, webhook).getFirst();
            assertThat(postcard.deliveries().listAttempts(TENANT, delivery.id())).hasSize(3)
                    .allSatisfy(a -> assertThat(a.errorClass()).hasValue("blocked_address"));
        }
    }
}
