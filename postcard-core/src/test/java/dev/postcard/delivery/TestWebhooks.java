package dev.postcard.delivery;

import dev.postcard.event.IdPrefix;
import dev.postcard.secrets.StoredSecret;
import dev.postcard.storage.JdbcStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Webhooks and attempts for delivery storage tests. */
public final class TestWebhooks {
    private TestWebhooks() {
    }

    public static Webhook webhook(String tenantId, String... patterns) {
        return Webhook.create(IdPrefix.WEBHOOK.newId(), tenantId, "https://hooks.example.com/" + tenantId, "",
                List.of(patterns), new StoredSecret("whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"), Instant.now());
    }

    public static Webhook disabled(Webhook webhook) {
        return new Webhook(webhook.id(), webhook.tenantId(), webhook.url(), webhook.description(), webhook.events(),
                false, Optional.of("disabled by a test"), webhook.secret(), webhook.previousSecret(),
                webhook.previousSecretUntil(), webhook.failingSince(), webhook.lastSuccessAt(), webhook.createdAt(),
                Instant.now());
    }

    /** A delivery store whose outbox runs in {@code store}'s append transactions. */
    public static JdbcDeliveryStore attached(JdbcStore store) {
        JdbcDeliveryStore deliveries = new JdbcDeliveryStore(store);
        store.addAppendStep(deliveries.outboxStep());
        return deliveries;
    }

    public static DeliveryAttempt answered(ClaimedDelivery claimed, int statusCode, String body) {
        return answered(claimed, statusCode, body, Instant.now());
    }

    public static DeliveryAttempt answered(ClaimedDelivery claimed, int statusCode, String body, Instant at) {
        return new DeliveryAttempt(0, claimed.delivery().id(), claimed.delivery().tenantId(),
                claimed.delivery().webhookId(), at, OptionalInt.of(statusCode), Duration.ofMillis(42),
                Optional.of(body), Optional.empty(), Optional.empty());
    }

    public static DeliveryAttempt unanswered(ClaimedDelivery claimed, String errorClass, String error) {
        return new DeliveryAttempt(0, claimed.delivery().id(), claimed.delivery().tenantId(),
                claimed.delivery().webhookId(), Instant.now(), OptionalInt.empty(), Duration.ofMillis(15_000),
                Optional.empty(), Optional.of(errorClass), Optional.of(error));
    }
}
