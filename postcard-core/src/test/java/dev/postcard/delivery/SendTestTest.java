package dev.postcard.delivery;

import static dev.postcard.delivery.Engines.TENANT;
import static dev.postcard.delivery.Engines.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.InvalidInputException;
import dev.postcard.Postcard;
import dev.postcard.event.EventCodec;
import dev.postcard.testing.TestDatabases;
import dev.postcard.verify.WebhookVerifier;
import org.junit.jupiter.api.Test;

class SendTestTest {

    @Test
    void aTestEventIsASignedSampleOfTheTypeThatIsNotStored() throws Exception {
        String secret = WebhookSecrets.generate();
        try (Receiver receiver = Receiver.http(Receiver.answering(200));
             Postcard postcard = Engines.fast(TestDatabases.freshSqliteUrl()).deliveryWorker(false).build()) {
            Webhook webhook = subscribe(postcard, receiver, "/in", secret);

            AttemptOutcome outcome = postcard.sendTest(webhook, "bounced");

            assertThat(outcome).isInstanceOf(AttemptOutcome.Delivered.class);
            Receiver.Request request = receiver.onlyRequest();
            JsonNode envelope = EventCodec.MAPPER.readTree(request.body());
            assertThat(envelope.path("id").asText()).startsWith("evt_").isEqualTo(request.header("webhook-id"));
            assertThat(envelope.path("type").asText()).isEqualTo("email.bounced");
            assertThat(envelope.path("test").asBoolean()).isTrue();
            assertThat(envelope.path("data").path("bounce_type").asText()).isEqualTo("hard");
            assertThat(envelope.path("data").path("to").asText()).isEqualTo("user@example.com");
            assertThatCode(() -> WebhookVerifier.of(secret).withClock(Engines.CLOCK)
                    .verify(request.body(), request.headers())).doesNotThrowAnyException();
            assertThat(postcard.store().findEvent(TENANT, envelope.path("id").asText())).isEmpty();
        }
    }

    @Test
    void anOperationalTestEventNamesTheWebhook() throws Exception {
        try (Receiver receiver = Receiver.http(Receiver.answering(204));
             Postcard postcard = Engines.fast(TestDatabases.freshSqliteUrl()).deliveryWorker(false).build()) {
            Webhook webhook = subscribe(postcard, receiver, "/in", WebhookSecrets.generate());

            postcard.sendTest(webhook, "endpoint.disabled");

            JsonNode data = EventCodec.MAPPER.readTree(receiver.onlyRequest().body()).path("data");
            assertThat(data.path("webhook_id").asText()).isEqualTo(webhook.id());
            assertThat(data.has("to")).isFalse();
        }
    }

    @Test
    void anUnknownTypeIsRefused() {
        try (Receiver receiver = Receiver.http(Receiver.answering(200));
             Postcard postcard = Engines.fast(TestDatabases.freshSqliteUrl()).deliveryWorker(false).build()) {
            Webhook webhook = subscribe(postcard, receiver, "/in", WebhookSecrets.generate());

            assertThatThrownBy(() -> postcard.sendTest(webhook, "email.teleported"))
                    .isInstanceOf(InvalidInputException.class);
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void aLoopbackEndpointIsRefusedWhenPrivateNetworksAreNotAllowed() {
        try (Receiver receiver = Receiver.http(Receiver.answering(200));
             Postcard postcard = Engines.fast(TestDatabases.freshSqliteUrl()).allowPrivateNetworks(false)
                     .deliveryWorker(false).build()) {
            Webhook webhook = subscribe(postcard, receiver, "/in", WebhookSecrets.generate());

            AttemptOutcome outcome = postcard.sendTest(webhook, "delivered");

            assertThat(outcome).isInstanceOfSatisfying(AttemptOutcome.Failed.class,
                    f -> assertThat(f.errorClass()).isEqualTo(ErrorClass.BLOCKED_ADDRESS));
            assertThat(receiver.requests()).isEmpty();
        }
    }
}
