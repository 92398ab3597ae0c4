package dev.postcard.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.secrets.SecretCipher;
import dev.postcard.secrets.SecretsKey;
import dev.postcard.secrets.SecretsKeys;
import dev.postcard.secrets.StoredSecret;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

class WebhookEndpointsTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final String URL = "https://hooks.example.com/in";

    private static WebhookEndpoints endpoints(JdbcDeliveryStore store) {
        return new WebhookEndpoints(store, AddressPolicy.publicOnly(), Clock.fixed(NOW, ZoneOffset.UTC),
                SecretCipher.withoutKeys());
    }

    private static WebhookEndpoints.Patch enabled(boolean enabled) {
        return new WebhookEndpoints.Patch(Optional.empty(), Optional.empty(), Optional.of(enabled), Optional.empty());
    }

    @EachDatabase
    void createdWebhookIsStoredWithANormalisedUrlAndAGeneratedSecret(TestDatabase db) {
        JdbcDeliveryStore store = new JdbcDeliveryStore(db.open());
        WebhookEndpoints.Created made = endpoints(store).create("default", "HTTPS://Hooks.Example.com:443/a/../in",
                List.of(" email.* ", "bounced"), Optional.empty(), Optional.empty(), Optional.empty());
        Webhook created = made.webhook();

        assertThat(created.id()).startsWith("wh_");
        assertThat(created.url()).isEqualTo(URL);
        assertThat(created.events()).containsExactly("email.*", "bounced");
        assertThat(made.secret()).startsWith(WebhookSecrets.PREFIX);
        assertThat(created.secret()).as("without a key, stored as it is").isEqualTo(new StoredSecret(made.secret()));
        assertThat(created.enabled()).isTrue();
        assertThat(created.createdAt()).isEqualTo(NOW);
        assertThat(store.findWebhook("default", created.id())).hasValue(created);
    }

    @EachDatabase
    void createdDisabledWebhookSaysTheUserDisabledIt(TestDatabase db) {
        JdbcDeliveryStore store = new JdbcDeliveryStore(db.open());
        Webhook created = endpoints(store).create("default", URL, List.of("*"), Optional.of(false),
                Optional.of("later"), Optional.empty()).webhook();

        assertThat(created.enabled()).isFalse();
        assertThat(created.disabledReason()).hasValue("disabled by the user");
        assertThat(store.enabledFor("default")).isEmpty();
    }

    @EachDatabase
    void reEnablingClearsTheFailingStreakSoDeliveryResumes(TestDatabase db) {
        JdbcDeliveryStore store = new JdbcDeliveryStore(db.open());
        WebhookEndpoints endpoints = endpoints(store);
        Webhook created = endpoints.create("default", URL, List.of("*"), Optional.empty(), Optional.empty(),
                Optional.empty()).webhook();
        Webhook failing = new Webhook(created.id(), created.tenantId(), created.url(), created.description(),
                created.events(), true, Optional.empty(), created.secret(), Optional.empty(), Optional.empty(),
                Optional.of(NOW.minus(Duration.ofDays(6))), Optional.empty(), created.createdAt(), NOW);
        store.updateWebhook(failing);
        store.disableWebhook("default", created.id(), "no success for 5 days");

        Webhook enabled = endpoints.update("default", created.id(), enabled(true));

        assertThat(enabled.enabled()).isTrue();
        assertThat(enabled.disabledReason()).isEmpty();
        assertThat(enabled.failingSince()).isEmpty();
        assertThat(store.findWebhook("default", created.id())).hasValue(enabled);
        assertThat(store.enabledFor("default")).extracting(Webhook::id).containsExactly(created.id());
    }

    @EachDatabase
    void rotationKeepsThePreviousSecretForADay(TestDatabase db) {
        JdbcDeliveryStore store = new JdbcDeliveryStore(db.open());
        WebhookEndpoints endpoints = endpoints(store);
        WebhookEndpoints.Created created = endpoints.create("default", URL, List.of("*"), Optional.empty(),
                Optional.empty(), Optional.empty());
        String id = created.webhook().id();

        WebhookEndpoints.RotatedSecret rotated = endpoints.rotateSecret("default", id, Optional.empty());

        assertThat(rotated.secret()).startsWith(WebhookSecrets.PREFIX).isNotEqualTo(created.secret());
        assertThat(rotated.previousSecretExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        Webhook stored = store.findWebhook("default", id).orElseThrow();
        assertThat(stored.secret()).isEqualTo(new StoredSecret(rotated.secret()));
        assertThat(stored.previousSecret()).hasValue(new StoredSecret(created.secret()));
        assertThat(stored.previousSecretUntil()).hasValue(NOW.plus(Duration.ofHours(24)));
    }

    @EachDatabase
    void withAKeyBothSecretsOfARotationAreStoredSealedForTheirOwnColumn(TestDatabase db) {
        JdbcDeliveryStore store = new JdbcDeliveryStore(db.open());
        SecretCipher cipher = new SecretCipher(SecretsKeys.of(SecretsKey.generate()));
        WebhookEndpoints endpoints = new WebhookEndpoints(store, AddressPolicy.publicOnly(),
                Clock.fixed(NOW, ZoneOffset.UTC), cipher);
        WebhookEndpoints.Created created = endpoints.create("default", URL, List.of("*"), Optional.empty(),
                Optional.empty(), Optional.empty());
        String id = created.webhook().id();

        WebhookEndpoints.RotatedSecret rotated = endpoints.rotateSecret("default", id, Optional.empty());

        Webhook stored = store.findWebhook("default", id).orElseThrow();
        assertThat(stored.secret().sealed()).isTrue();
        assertThat(stored.secret().text()).doesNotContain(rotated.secret().substring(WebhookSecrets.PREFIX.length()));
        assertThat(cipher.open(stored.secret(), WebhookSecrets.currentSlot("default", id))).isEqualTo(rotated.secret());
        assertThat(cipher.open(stored.previousSecret().orElseThrow(), WebhookSecrets.previousSlot("default", id)))
                .isEqualTo(created.secret());
        assertThat(stored.toString()).doesNotContain(rotated.secret()).doesNotContain(stored.secret().text());
    }

    @EachDatabase
    void aChangeSealsASecretStoredBeforeThereWasAKey(TestDatabase db) {
        JdbcDeliveryStore store = new JdbcDeliveryStore(db.open());
        WebhookEndpoints.Created plain = endpoints(store).create("default", URL, List.of("*"), Optional.empty(),
                Optional.empty(), Optional.empty());
        SecretCipher cipher = new SecretCipher(SecretsKeys.of(SecretsKey.generate()));
        WebhookEndpoints keyed = new WebhookEndpoints(store, AddressPolicy.publicOnly(),
                Clock.fixed(NOW, ZoneOffset.UTC), cipher);
        String id = plain.webhook().id();

        keyed.update("default", id, new WebhookEndpoints.Patch(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("now sealed")));

        StoredSecret stored = store.findWebhook("default", id).orElseThrow().secret();
        assertThat(stored.sealed()).isTrue();
        assertThat(cipher.open(stored, WebhookSecrets.currentSlot("default", id))).isEqualTo(plain.secret());
    }

    @EachDatabase
    void badInputNamesItsField(TestDatabase db) {
        WebhookEndpoints endpoints = endpoints(new JdbcDeliveryStore(db.open()));

        assertField(() -> endpoints.create("default", "https://10.1.2.3/", List.of("*"), Optional.empty(),
                Optional.empty(), Optional.empty()), "url");
        assertField(() -> endpoints.create("default", URL, List.of(), Optional.empty(), Optional.empty(),
                Optional.empty()), "events");
        assertField(() -> endpoints.create("default", URL, List.of("email.sent", "nope"), Optional.empty(),
                Optional.empty(), Optional.empty()), "events");
        assertField(() -> endpoints.create("default", URL, List.of("*"), Optional.empty(),
                Optional.of("d".repeat(501)), Optional.empty()), "description");
        assertField(() -> endpoints.create("default", URL, List.of("*"), Optional.empty(), Optional.empty(),
                Optional.of("too-short")), "secret");
        assertField(() -> endpoints.create("default", URL, List.of("*"), Optional.empty(), Optional.empty(),
                Optional.of("pcenc:v1:0123456789ab:AAAAAAAAAAAAAAAAAAAAAAAA")), "secret");
        assertField(() -> endpoints.replay("default", "wh_x", NOW, NOW, List.of()), "until");
        assertField(() -> endpoints.replay("default", "wh_x", NOW, NOW.plusSeconds(1), List.of("nope")), "types");
    }

    @EachDatabase
    void anotherTenantsWebhookIsNotFound(TestDatabase db) {
        WebhookEndpoints endpoints = endpoints(new JdbcDeliveryStore(db.open()));
        Webhook created = endpoints.create("acme", URL, List.of("*"), Optional.empty(), Optional.empty(),
                Optional.empty()).webhook();

        assertThatThrownBy(() -> endpoints.find("default", created.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> endpoints.update("default", created.id(), enabled(false)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> endpoints.rotateSecret("default", created.id(), Optional.empty()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> endpoints.delete("default", created.id())).isInstanceOf(NotFoundException.class);
        assertThat(endpoints.find("acme", created.id())).isEqualTo(created);
    }

    private static void assertField(Runnable action, String field) {
        assertThatThrownBy(action::run).isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo(field);
    }
}
