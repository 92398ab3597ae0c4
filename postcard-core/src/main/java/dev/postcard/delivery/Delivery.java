package dev.postcard.delivery;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One event owed to one webhook. {@code generation} is 0 for the delivery made when the event was stored and
 * counts up with each replay. A lease ({@code leaseOwner} until {@code leaseUntil}) marks a pending delivery
 * that a node is attempting now; {@code attempts} counts every attempt, manual retries included.
 */
public record Delivery(
        String id,
        String tenantId,
        String webhookId,
        String eventId,
        long eventSeq,
        int generation,
        DeliveryStatus status,
        int attempts,
        Instant nextAttemptAt,
        Optional<String> leaseOwner,
        Optional<Instant> leaseUntil,
        OptionalInt lastStatusCode,
        Optional<String> lastError,
        Instant createdAt,
        Instant updatedAt,
        Optional<Instant> completedAt) {

    public Delivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(leaseOwner, "leaseOwner");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        Objects.requireNonNull(lastStatusCode, "lastStatusCode");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(completedAt, "completedAt");
    }
}
