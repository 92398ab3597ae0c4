package dev.postcard.sending;

import java.util.List;
import java.util.Optional;

/** Where the send queue reads which transports a tenant chose, in failover order (its tenant settings). */
@FunctionalInterface
public interface TransportChoices {
    /** Every tenant sends through every configured transport, in their order. */
    TransportChoices NONE = tenantId -> Optional.empty();

    /** The names the tenant chose; empty when it sends through every configured transport. */
    Optional<List<String>> of(String tenantId);
}
