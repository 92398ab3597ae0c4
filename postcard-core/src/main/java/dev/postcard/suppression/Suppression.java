package dev.postcard.suppression;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a tenant's suppression list. {@code address} is lower-case; {@code sourceEventId} names the
 * event that caused it (none for manual entries); an entry stops applying at {@code expiresAt}.
 */
public record Suppression(String tenantId, String address, SuppressionReason reason, Optional<String> note,
                          Optional<String> sourceEventId, Instant createdAt, Optional<Instant> expiresAt) {
    public Suppression {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(sourceEventId, "sourceEventId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the entry applies at {@code now}: it has no expiry or expires later. */
    public boolean activeAt(Instant now) {
        return expiresAt.map(now::isBefore).orElse(true);
    }
}
