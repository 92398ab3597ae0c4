package dev.postcard.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which tenant a bare link ({@code /track/open/{emailId}}, the id alone) names, as the store last said, for a
 * short while. Without it every hit on a bare link reads the store to settle its tenant, where a link that
 * carries its tenant is served from the message cache. Only ids the store tied to a tenant are kept, so
 * requests for made-up ids cannot fill it; an answer is trusted for {@link #TRUSTED_FOR}, so another tenant
 * taking the same id (which makes a bare link name nobody) is seen that late at most, as with sources. Two
 * generations, as in {@code RecentMessages}: bounded, with no lock on the read path.
 */
final class BareLinkTenants {
    static final Duration TRUSTED_FOR = Duration.ofSeconds(5);

    private record Resolved(String tenantId, Instant at) {
    }

    private final int generationSize;
    private final Clock clock;
    private volatile ConcurrentHashMap<String, Resolved> young = new ConcurrentHashMap<>();
    private volatile ConcurrentHashMap<String, Resolved> old = new ConcurrentHashMap<>();

    BareLinkTenants(int generationSize, Clock clock) {
        this.generationSize = generationSize;
        this.clock = clock;
    }

    /** The tenant of {@code emailId}, from a recent answer or else from {@code resolve}, which may find none. */
    Optional<String> tenantOf(String emailId, Function<String, Optional<String>> resolve) {
        Instant now = clock.instant();
        Resolved hit = young.get(emailId);
        if (hit == null) {
            hit = old.get(emailId);
        }
        if (hit != null && !now.isBefore(hit.at()) && now.isBefore(hit.at().plus(TRUSTED_FOR))) {
            return Optional.of(hit.tenantId());
        }
        Optional<String> tenant = resolve.apply(emailId);
        tenant.ifPresentOrElse(t -> put(emailId, new Resolved(t, now)), () -> forget(emailId));
        return tenant;
    }

    private void put(String emailId, Resolved resolved) {
        ConcurrentHashMap<String, Resolved> current = young;
        current.put(emailId, resolved);
        if (current.size() > generationSize) {
            synchronized (this) {
                if (young == current) {
                    old = current;
                    young = new ConcurrentHashMap<>();
                }
            }
        }
    }

    private void forget(String emailId) {
        young.remove(emailId);
        old.remove(emailId);
    }
}
