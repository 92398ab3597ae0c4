package dev.postcard.delivery;

import static dev.postcard.delivery.Engines.TENANT;
import static dev.postcard.delivery.Engines.allIn;
import static dev.postcard.delivery.Engines.await;
import static dev.postcard.delivery.Engines.delivered;
import static dev.postcard.delivery.Engines.deliveries;
import static dev.postcard.delivery.Engines.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.Postcard;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import dev.postcard.verify.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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

    /** Ids sent to POST /v1/events may hold dots; each such event is its webhook-id, signed and verified. */
    @EachDatabase
    void anEventWhoseIdHoldsDotsIsDeliveredAndVerifies(TestDatabase db) {
        String secret = WebhookSecrets.generate();
        try (Receiver receiver = Receiver.http(Receiver.answering(200));
             Postcard postcard = Engines.fast(db.url()).build()) {
            Webhook webhook = subscribe(postcard, receiver, "/in", secret);
            Event dotted = delivered("msg_1");
            Event event = new Event("sg.2026.12.msg_1", dotted.type(), dotted.createdAt(), dotted.data());
            postcard.record(TENANT, event);

            await("the delivery is marked succeeded", Duration.ofSeconds(5),
                    () -> allIn(postcard, webhook, DeliveryStatus.SUCCEEDED, 1));
            Receiver.Request request = receiver.onlyRequest();
            assertThat(request.header("webhook-id")).isEqualTo("sg.2026.12.msg_1");
            assertThatCode(() -> WebhookVerifier.of(secret).withClock(Engines.CLOCK)
                    .verify(request.body(), request.headers()))
                    .doesNotThrowAnyException();
        }
    }

    @EachDatabase
    void aFailingEndpointIsRetriedOnTheScheduleUntilItAnswers(TestDatabase db) {
        AtomicInteger calls = new AtomicInteger();
        Receiver.Responder failingTwice = exchange ->
                Receiver.answering(calls.incrementAndGet() <= 2 ? 500 : 200).respond(exchange);
        // Time stands still but for the test's moves: each attempt and each due time is then an exact instant,
        // and a retry can only come once the test has moved the clock to its due time.
        MovableClock clock = MovableClock.atStart();
        try (Receiver receiver = Receiver.http(failingTwice);
             Postcard postcard = Engines.fast(db.url()).clock(clock).build()) {
            Webhook webhook = subscribe(postcard, receiver, "/in", WebhookSecrets.generate());
            Event event = delivered("msg_1");
            postcard.record(TENANT, event);

            Delivery afterFirst = afterAttempts(postcard, webhook, 1);
            assertThat(afterFirst.nextAttemptAt()).as("due the first delay after the first attempt")
                    .isEqualTo(MovableClock.START.plusMillis(50));
            clock.advance(Duration.ofMillis(50));
            Delivery afterSecond = afterAttempts(postcard, webhook, 2);
            assertThat(afterSecond.nextAttemptAt()).as("due the second delay after the second attempt")
                    .isEqualTo(MovableClock.START.plusMillis(50 + 100));
            clock.advance(Duration.ofMillis(100));

            await("the third attempt succeeded", Duration.ofSeconds(10),
                    () -> allIn(postcard, webhook, DeliveryStatus.SUCCEEDED, 1));
            assertThat(receiver.requests()).hasSize(3)
                    .allSatisfy(r -> assertThat(r.header("webhook-id")).isEqualTo(event.id()));
            assertThat(postcard.deliveries().listAttempts(TENANT, afterFirst.id()))
                    .extracting(a -> a.statusCode().orElse(0), DeliveryAttempt::attemptedAt)
                    .containsExactly(
                            tuple(500, MovableClock.START),
                            tuple(500, MovableClock.START.plusMillis(50)),
                            tuple(200, MovableClock.START.plusMillis(50 + 100)));
        }
    }

    @EachDatabase
    void aDeliveryFailsForGoodAfterTheLastAttempt(TestDatabase db) {
        try (Receiver receiver = Receiver.http(Receiver.answering(500, "down", java.util.Map.of()));
             Postcard postcard = Engines.fast(db.url()).build()) {
            Webhook webhook = subscribe(postcard, receiver, "/in", WebhookSecrets.generate());
            postcard.record(TENANT, delivered("msg_1"));

            await("the delivery failed", Duration.ofSeconds(5), () -> allIn(postcard, webhook, DeliveryStatus.FAILED, 1));
            Delivery delivery = deliveries(postcard, webhook).getFirst();
            assertThat(delivery.attempts()).as("one attempt plus one per scheduled delay").isEqualTo(3);
            assertThat(postcard.deliveries().listAttempts(TENANT, delivery.id())).as("attempts recorded").hasSize(3)
                    .allSatisfy(a -> assertThat(a.responseExcerpt()).hasValue("down"));
            assertThat(postcard.deliveries().claimDue("another-node", Engines.CLOCK.instant().plus(Duration.ofDays(3650)),
                    Duration.ofMinutes(1), 10)).as("nothing is due again, however late").isEmpty();
            // Each request was answered before its attempt was recorded, and nothing is left to send.
            assertThat(receiver.requests()).hasSize(3);
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

    /** Waits until the delivery's attempts are recorded; the clock stands still, so no further one follows. */
    private static Delivery afterAttempts(Postcard postcard, Webhook webhook, int attempts) {
        await(attempts + " attempt(s) recorded", Duration.ofSeconds(10),
                () -> deliveries(postcard, webhook).stream().anyMatch(d -> d.attempts() == attempts));
        return deliveries(postcard, webhook).getFirst();
    }
}
