package dev.postcard.delivery;

import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.Page;
import dev.postcard.engine.EventFilter;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import dev.postcard.secrets.SecretCipher;
import dev.postcard.secrets.StoredSecret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a tenant may do to its webhook endpoints: create, change, delete, rotate the secret, replay. Input is
 * checked here, so every way in (HTTP, CLI) refuses the same things with the same field names. Secrets are sealed
 * here as they are written ({@link SecretCipher}), and shown once: on creation and rotation.
 */
public final class WebhookEndpoints {
    public static final int MAX_EVENTS = 100;
    public static final int MAX_DESCRIPTION = 500;
    /** How long the previous secret still signs after a rotation, so receivers can switch without losing events. */
    public static final Duration ROTATION_OVERLAP = Duration.ofHours(24);
    static final String DISABLED_BY_USER = "disabled by the user";

    private final JdbcDeliveryStore store;
    private final AddressPolicy policy;
    private final Clock clock;
    private final SecretCipher cipher;

    public WebhookEndpoints(JdbcDeliveryStore store, AddressPolicy policy, Clock clock, SecretCipher cipher) {
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    /** The fields a tenant may change; an empty one stays as it is. */
    public record Patch(Optional<String> url, Optional<List<String>> events, Optional<Boolean> enabled,
            Optional<String> description) {
        public Patch {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(enabled, "enabled");
            Objects.requireNonNull(description, "description");
        }
    }

    /** A rotated secret, shown this once, and the moment the one it replaced stops signing. */
    public record RotatedSecret(String secret, Instant previousSecretExpiresAt) {
        @Override
        public String toString() {
            return "RotatedSecret[previousSecretExpiresAt=" + previousSecretExpiresAt + "]";
        }
    }

    /** A new webhook and its secret, shown this once. */
    public record Created(Webhook webhook, String secret) {
        @Override
        public String toString() {
            return "Created[" + webhook + "]";
        }
    }

    public Created create(String tenantId, String url, List<String> events, Optional<Boolean> enabled,
            Optional<String> description, Optional<String> secret) {
        Instant now = clock.instant();
        String id = IdPrefix.WEBHOOK.newId();
        String plain = secret.map(WebhookSecrets::validate).orElseGet(WebhookSecrets::generate);
        Webhook webhook = Webhook.create(id, tenantId, normalisedUrl(url), checkedDescription(description.orElse("")),
                checkedEvents(events), cipher.seal(plain, WebhookSecrets.currentSlot(tenantId, id)), now);
        if (!enabled.orElse(true)) {
            webhook = withEnabled(webhook, false, now);
        }
        store.createWebhook(webhook);
        return new Created(webhook, plain);
    }

    /** The tenant's webhooks, one page. */
    public Page<Webhook> list(String tenantId, Optional<String> cursor, int limit) {
        return store.listWebhooks(tenantId, cursor, limit);
    }

    /** The deliveries of the tenant's webhook {@code id}, newest first, optionally of one status. */
    public Page<Delivery> deliveries(String tenantId, String id, Optional<DeliveryStatus> status,
            Optional<String> cursor, int limit) {
        return store.listDeliveries(tenantId, find(tenantId, id).id(), status, cursor, limit);
    }

    public Optional<Delivery> findDelivery(String tenantId, String deliveryId) {
        return store.findDelivery(tenantId, deliveryId);
    }

    /** The attempts of one delivery, oldest first; empty for a delivery the tenant does not have. */
    public List<DeliveryAttempt> attempts(String tenantId, String deliveryId) {
        return store.listAttempts(tenantId, deliveryId);
    }

    /**
     * Puts a failed delivery back to pending, due now; {@link NotFoundException} when the tenant has no such
     * delivery, {@link dev.postcard.ConflictException} when it has not failed.
     */
    public Delivery retry(String tenantId, String deliveryId) {
        return store.retry(tenantId, deliveryId);
    }

    public Webhook find(String tenantId, String id) {
        return store.findWebhook(tenantId, id).orElseThrow(() -> notFound(id));
    }

    public Webhook update(String tenantId, String id, Patch patch) {
        Webhook current = find(tenantId, id);
        Instant now = clock.instant();
        String url = patch.url().map(this::normalisedUrl).orElse(current.url());
        List<String> events = patch.events().map(WebhookEndpoints::checkedEvents).orElse(current.events());
        String description = patch.description().map(WebhookEndpoints::checkedDescription).orElse(current.description());
        // Written anyway: secrets stored plain or under a previous key are sealed under the current one on the way.
        StoredSecret secret = cipher.reseal(current.secret(), WebhookSecrets.currentSlot(tenantId, current.id()));
        Optional<StoredSecret> previous = current.previousSecret()
                .map(p -> cipher.reseal(p, WebhookSecrets.previousSlot(tenantId, current.id())));
        Webhook changed = new Webhook(current.id(), current.tenantId(), url, description, events, current.enabled(),
                current.disabledReason(), secret, previous, current.previousSecretUntil(),
                current.failingSince(), current.lastSuccessAt(), current.createdAt(), now);
        if (patch.enabled().isPresent() && patch.enabled().get() != current.enabled()) {
            changed = withEnabled(changed, patch.enabled().get(), now);
        }
        if (!store.updateWebhook(changed)) {
            throw notFound(id);
        }
        return changed;
    }

    public void delete(String tenantId, String id) {
        if (!store.deleteWebhook(tenantId, id)) {
            throw notFound(id);
        }
    }

    /** Replaces the secret with {@code newSecret} (or a generated one); the old one signs too for {@link #ROTATION_OVERLAP}. */
    public RotatedSecret rotateSecret(String tenantId, String id, Optional<String> newSecret) {
        String secret = newSecret.map(WebhookSecrets::validate).orElseGet(WebhookSecrets::generate);
        Webhook current = find(tenantId, id);
        Instant now = clock.instant();
        Instant until = now.plus(ROTATION_OVERLAP);
        // The old secret moves to another column: its ciphertext is bound to the one it was in, so it is sealed anew.
        String replaced = cipher.open(current.secret(), WebhookSecrets.currentSlot(tenantId, id));
        Webhook rotated = new Webhook(current.id(), current.tenantId(), current.url(), current.description(),
                current.events(), current.enabled(), current.disabledReason(),
                cipher.seal(secret, WebhookSecrets.currentSlot(tenantId, id)),
                Optional.of(cipher.seal(replaced, WebhookSecrets.previousSlot(tenantId, id))), Optional.of(until),
                current.failingSince(), current.lastSuccessAt(), current.createdAt(), now);
        if (!store.updateWebhook(rotated)) {
            throw notFound(id);
        }
        return new RotatedSecret(secret, rotated.previousSecretUntil().orElseThrow());
    }

    /**
     * Delivers again the events created in {@code [since, until)} whose type one of {@code types} names (none:
     * every type the webhook subscribes to). Returns the number of deliveries created.
     */
    public int replay(String tenantId, String id, Instant since, Instant until, List<String> types) {
        return store.replay(tenantId, id, since, until, replayTypes(since, until, types));
    }

    /**
     * How many deliveries {@link #replay} would create now, checked the same way; nothing is changed. Replays of
     * consecutive periods ({@code until} of one the {@code since} of the next) add up to one of the whole.
     */
    public long countReplay(String tenantId, String id, Instant since, Instant until, List<String> types) {
        return store.countReplay(tenantId, id, since, until, replayTypes(since, until, types));
    }

    private static Set<EventType> replayTypes(Instant since, Instant until, List<String> types) {
        if (!until.isAfter(since)) {
            throw new InvalidInputException("until", "until must be after since");
        }
        Set<EventType> wanted = EnumSet.noneOf(EventType.class);
        for (String type : types) {
            try {
                wanted.addAll(EventFilter.resolve(type));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("types", e.getMessage());
            }
        }
        return wanted;
    }

    private String normalisedUrl(String url) {
        return EndpointUrl.parse(url, policy).uri().toString();
    }

    private static List<String> checkedEvents(List<String> events) {
        if (events.isEmpty()) {
            throw new InvalidInputException("events", "a webhook must subscribe to at least one event type");
        }
        if (events.size() > MAX_EVENTS) {
            throw new InvalidInputException("events", "at most " + MAX_EVENTS + " event filters are allowed");
        }
        List<String> trimmed = events.stream().map(e -> e == null ? "" : e.trim()).toList();
        trimmed.forEach(EventFilter::resolve);
        return trimmed.stream().distinct().toList();
    }

    private static String checkedDescription(String description) {
        if (description.length() > MAX_DESCRIPTION) {
            throw new InvalidInputException("description",
                    "description must be at most " + MAX_DESCRIPTION + " characters");
        }
        return description;
    }

    // Re-enabling clears the failing streak: the endpoint gets a fresh start and its waiting deliveries resume.
    private static Webhook withEnabled(Webhook webhook, boolean enabled, Instant now) {
        return new Webhook(webhook.id(), webhook.tenantId(), webhook.url(), webhook.description(), webhook.events(),
                enabled, enabled ? Optional.empty() : Optional.of(DISABLED_BY_USER), webhook.secret(),
                webhook.previousSecret(), webhook.previousSecretUntil(), enabled ? Optional.empty()
                : webhook.failingSince(), webhook.lastSuccessAt(), webhook.createdAt(), now);
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("webhook " + id + " does not exist");
    }
}
