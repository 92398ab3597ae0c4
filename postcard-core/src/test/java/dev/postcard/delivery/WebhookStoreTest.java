package dev.postcard.delivery;

import static dev.postcard.delivery.TestWebhooks.disabled;
import static dev.postcard.delivery.TestWebhooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.ConflictException;
import dev.postcard.InvalidInputException;
import dev.postcard.Page;
import dev.postcard.secrets.StoredSecret;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookStoreTest {

    @EachDatabase
    void aCreatedWebhookReadsBackAsWritten(TestDatabase db) {
        JdbcDeliveryStore deliveries = new JdbcDeliveryStore(db.open());
        Webhook hook = new Webhook("wh_1", "default", "https://hooks.example.com/a", "billing", List.of("email.*",
                "alert.triggered"), true, Optional.empty(), new StoredSecret("whsec_new"), Optional.of(new StoredSecret("whsec_old")),
                Optional.of(Instant.parse("2026-11-23T10:00:00.123Z")), Optional.of(Instant.parse("2026-11-20T00:00:00Z")),
                Optional.empty(), Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z"));

        deliveries.createWebhook(hook);

        assertThat(deliveries.findWebhook("default", "wh_1")).hasValue(hook);
        assertThatThrownBy(() -> deliveries.createWebhook(hook)).isInstanceOf(ConflictException.class);
    }

    @EachDatabase
    void anotherTenantsWebhookBehavesAsAbsent(TestDatabase db) {
        JdbcDeliveryStore deliveries = new JdbcDeliveryStore(db.open());
        Webhook hook = webhook("acme", "*");
        deliveries.createWebhook(hook);
        Webhook hijack = new Webhook(hook.id(), "default", "https://evil.example.com", "", List.of("*"), true,
                Optional.empty(), new StoredSecret("whsec_x"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                hook.createdAt(), Instant.now());

        assertThat(deliveries.findWebhook("default", hook.id())).isEmpty();
        assertThat(deliveries.listWebhooks("default", Optional.empty(), 10).items()).isEmpty();
        assertThat(deliveries.enabledFor("default")).isEmpty();
        assertThat(deliveries.updateWebhook(hijack)).isFalse();
        assertThat(deliveries.deleteWebhook("default", hook.id())).isFalse();
        assertThat(deliveries.findWebhook("acme", hook.id())).hasValue(hook);
    }

    @EachDatabase
    void updateReplacesTheFieldsAndDeleteRemovesTheWebhook(TestDatabase db) {
        JdbcDeliveryStore deliveries = new JdbcDeliveryStore(db.open());
        Webhook hook = webhook("default", "*");
        deliveries.createWebhook(hook);
        Webhook off = disabled(hook);

        assertThat(deliveries.updateWebhook(off)).isTrue();
        assertThat(deliveries.findWebhook("default", hook.id())).hasValue(off);
        assertThat(deliveries.enabledFor("default")).isEmpty();

        assertThat(deliveries.deleteWebhook("default", hook.id())).isTrue();
        assertThat(deliveries.findWebhook("default", hook.id())).isEmpty();
        assertThat(deliveries.deleteWebhook("default", hook.id())).isFalse();
    }

    @EachDatabase
    void disablingKeepsTheFirstReasonAndTellsOnlyTheFirstCaller(TestDatabase db) {
        JdbcDeliveryStore deliveries = new JdbcDeliveryStore(db.open());
        Webhook hook = webhook("default", "*");
        deliveries.createWebhook(hook);

        assertThat(deliveries.disableWebhook("acme", hook.id(), "410 Gone")).as("another tenant").isFalse();
        assertThat(deliveries.disableWebhook("default", hook.id(), "410 Gone")).isTrue();
        assertThat(deliveries.disableWebhook("default", hook.id(), "no success for 5 days")).isFalse();

        Webhook off = deliveries.findWebhook("default", hook.id()).orElseThrow();
        assertThat(off.enabled()).isFalse();
        assertThat(off.disabledReason()).hasValue("410 Gone");
        assertThat(deliveries.enabledFor("default")).isEmpty();
    }

    @EachDatabase
    void listingPagesThroughEveryWebhookOnce(TestDatabase db) {
        JdbcDeliveryStore deliveries = new JdbcDeliveryStore(db.open());
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Webhook hook = webhook("default", "*");
            deliveries.createWebhook(hook);
            created.add(hook.id());
        }

        List<String> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            Page<Webhook> page = deliveries.listWebhooks("default", cursor, 3);
            page.items().forEach(w -> seen.add(w.id()));
            cursor = page.nextCursor();
        } while (cursor.isPresent());

        assertThat(seen).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
        assertThat(deliveries.enabledFor("default")).hasSize(7);
    }

    @Test
    void aWebhookMustSubscribeToKnownTypes() {
        assertThatThrownBy(() -> webhook("default")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> webhook("default", "email.nonsense")).isInstanceOf(InvalidInputException.class);
        assertThat(webhook("default", "delivered", "email.bounced").eventTypes()).hasSize(2);
    }
}
