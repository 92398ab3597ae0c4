package dev.postcard.suppression;

import java.time.Instant;

/** A removed entry whose {@code suppression.deleted} event may not be recorded yet. */
public record SuppressionRemoval(String tenantId, String address, SuppressionReason reason, Instant createdAt,
                                 Instant deletedAt) {
}
