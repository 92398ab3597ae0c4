package dev.postcard.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The deliveries due at one moment ({@link #at}) and not sent yet, by tenant: pending, due by then, their webhook
 * enabled (those of a disabled webhook wait for it and are not counted). What a backlog looks like from outside.
 */
public record DueDeliveries(Instant at, Map<String, Tenant> byTenant) {

    /** One tenant's due deliveries and the moment the oldest of them fell due. */
    public record Tenant(long count, Instant oldestDue) {
        public Tenant {
            Objects.requireNonNull(oldestDue, "oldestDue");
        }
    }

    public DueDeliveries {
        Objects.requireNonNull(at, "at");
        byTenant = Map.copyOf(byTenant);
    }

    public long count() {
        return byTenant.values().stream().mapToLong(Tenant::count).sum();
    }

    public Optional<Instant> oldestDue() {
        return byTenant.values().stream().map(Tenant::oldestDue).min(Instant::compareTo);
    }

    /** How long the oldest due delivery has waited at {@link #at}; zero when none is due. */
    public Duration oldestAge() {
        return oldestDue().map(oldest -> Duration.between(oldest, at)).filter(d -> !d.isNegative()).orElse(Duration.ZERO);
    }
}
