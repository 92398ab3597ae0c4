package dev.postcard.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One configured webhook source: a provider, in a tenant, with its verification settings. Those hold secrets:
 * {@link #toString} names the settings without their values.
 *
 * @param tolerance how far a signed timestamp may be from now; zero turns the check off
 * @param keepRaw   whether the provider's item is kept under {@code data.raw}
 */
public record Source(String id, String tenantId, String provider, ObjectNode settings, Duration tolerance,
                     boolean keepRaw, Instant createdAt) {
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    public Source {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(tolerance, "tolerance");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Throws {@link WebhookRejectedException} when the signed time is outside the tolerance. */
    public void checkTimestamp(Instant signedAt, Instant now) {
        if (tolerance.isZero()) {
            return;
        }
        Duration skew = Duration.between(signedAt, now).abs();
        if (skew.compareTo(tolerance) > 0) {
            throw new WebhookRejectedException("the request timestamp is " + skew.toSeconds()
                    + " s away from now, more than the source's tolerance of " + tolerance.toSeconds() + " s");
        }
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        settings.fieldNames().forEachRemaining(names::add);
        return "Source[id=" + id + ", tenantId=" + tenantId + ", provider=" + provider + ", settings=" + names
                + ", tolerance=" + tolerance + ", keepRaw=" + keepRaw + ", createdAt=" + createdAt + "]";
    }
}
