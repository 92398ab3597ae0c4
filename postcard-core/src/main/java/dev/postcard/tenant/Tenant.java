package dev.postcard.tenant;

import java.time.Instant;

/** A team using Postcard: every stored object belongs to exactly one tenant. */
public record Tenant(String id, String name, Instant createdAt) {
    public static final String DEFAULT_ID = "default";
}
