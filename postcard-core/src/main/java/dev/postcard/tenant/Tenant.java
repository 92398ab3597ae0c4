package dev.postcard.tenant;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A team using Postcard: every stored object belongs to exactly one tenant.
 *
 * @param sendTransports the names of the transports its sends go through, in failover order; empty when they go
 *                       through every configured transport in the settings' order
 */
public record Tenant(String id, String name, Instant createdAt, Optional<List<String>> sendTransports) {
    public static final String DEFAULT_ID = "default";

    public Tenant {
        sendTransports = sendTransports.map(List::copyOf);
    }

    /** A tenant that sends through every configured transport. */
    public Tenant(String id, String name, Instant createdAt) {
        this(id, name, createdAt, Optional.empty());
    }
}
