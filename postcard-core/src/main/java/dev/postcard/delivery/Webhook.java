package dev.postcard.delivery;

import dev.postcard.InvalidInputException;
import dev.postcard.engine.EventFilter;
import dev.postcard.event.EventType;
import dev.postcard.secrets.StoredSecret;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An endpoint that receives a tenant's events. {@code events} are filter patterns as the tenant wrote them
 * ({@code email.delivered}, {@code email.*}, {@code *}, {@code bounced}); each must name at least one type.
 * During a secret rotation {@code previousSecret} still signs until {@code previousSecretUntil}. The secrets are
 * held as stored (sealed under the operator key, or plain without one) and opened only to sign, once per stored
 * value ({@link ParsedWebhooks}); {@link #toString} shows neither.
 */
public record Webhook(
        String id,
        String tenantId,
        String url,
        String description,
        List<String> events,
        boolean enabled,
        Optional<String> disabledReason,
        StoredSecret secret,
        Optional<StoredSecret> previousSecret,
        Optional<Instant> previousSecretUntil,
        Optional<Instant> failingSince,
        Optional<Instant> lastSuccessAt,
        Instant createdAt,
        Instant updatedAt) {

    public Webhook {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(disabledReason, "disabledReason");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(previousSecret, "previousSecret");
        Objects.requireNonNull(previousSecretUntil, "previousSecretUntil");
        Objects.requireNonNull(failingSince, "failingSince");
        Objects.requireNonNull(lastSuccessAt, "lastSuccessAt");
        // Stored as epoch milliseconds: what is read back must equal what was written.
        createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
        updatedAt = updatedAt.truncatedTo(ChronoUnit.MILLIS);
        previousSecretUntil = previousSecretUntil.map(t -> t.truncatedTo(ChronoUnit.MILLIS));
        failingSince = failingSince.map(t -> t.truncatedTo(ChronoUnit.MILLIS));
        lastSuccessAt = lastSuccessAt.map(t -> t.truncatedTo(ChronoUnit.MILLIS));
        events = List.copyOf(events);
        if (events.isEmpty()) {
            throw new InvalidInputException("events", "a webhook must subscribe to at least one event type");
        }
        events.forEach(EventFilter::resolve);
    }

    /** A new, enabled endpoint that has never been called. */
    public static Webhook create(String id, String tenantId, String url, String description, List<String> events,
            StoredSecret secret, Instant now) {
        return new Webhook(id, tenantId, url, description, events, true, Optional.empty(), secret, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), now, now);
    }

    /** The event types the patterns stand for. */
    public Set<EventType> eventTypes() {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        events.forEach(pattern -> types.addAll(EventFilter.resolve(pattern)));
        return types;
    }

    public boolean subscribesTo(EventType type) {
        return events.stream().anyMatch(pattern -> EventFilter.resolve(pattern).contains(type));
    }
}
