package dev.postcard.tenant;

import java.time.Instant;
import java.util.Optional;

/**
 * A stored API key: never the key itself, only its SHA-256 ({@code keyHash}) and a short visible prefix.
 * Admin keys act on every tenant; others only on their own.
 */
public record ApiKey(
        String id,
        String tenantId,
        String name,
        String keyPrefix,
        String keyHash,
        boolean admin,
        Instant createdAt,
        Optional<Instant> revokedAt) {

    public boolean active() {
        return revokedAt.isEmpty();
    }
}
