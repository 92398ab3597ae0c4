package dev.postcard.http;

import dev.postcard.Postcard;
import dev.postcard.delivery.AttemptOutcome;
import dev.postcard.delivery.DueDeliveries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Webhook delivery as Prometheus sees it: attempts by outcome and status class, and the backlog — how many
 * deliveries are due now and how long the oldest has waited, all tenants together or, when asked for, one series
 * per tenant. Labels come from fixed, small sets (and the tenant id when asked for): never a URL, an address, a
 * webhook or an event id.
 *
 * <p>The backlog is one query ({@link Postcard#deliveriesDue()}) read at most once per {@link #DUE_TTL}, so a
 * scrape every second, or several scrapers, do not load the database.
 */
final class DeliveryMetrics {
    private static final System.Logger LOG = System.getLogger(DeliveryMetrics.class.getName());
    static final Duration DUE_TTL = Duration.ofSeconds(5);

    private final Postcard postcard;
    private final boolean perTenant;
    private final Map<OutcomeKey, Counter> outcomes = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private MultiGauge dueByTenant;
    private MultiGauge oldestByTenant;
    private volatile DueDeliveries due;
    private long readAtNanos;
    private boolean read;

    DeliveryMetrics(Postcard postcard, MeterRegistry registry, boolean perTenant) {
        this.postcard = postcard;
        this.registry = registry;
        this.perTenant = perTenant;
        this.due = new DueDeliveries(Instant.EPOCH, Map.of());
        postcard.onDeliveryOutcome(this::count);
        if (perTenant) {
            dueByTenant = MultiGauge.builder("postcard_deliveries_due")
                    .description("webhook deliveries due now and not sent yet, by tenant").register(registry);
            oldestByTenant = MultiGauge.builder("postcard_deliveries_oldest_due_seconds")
                    .description("how long the oldest due webhook delivery has waited, by tenant").register(registry);
        } else {
            Gauge.builder("postcard_deliveries_due", this, m -> m.due.count())
                    .description("webhook deliveries due now and not sent yet, all tenants").register(registry);
            Gauge.builder("postcard_deliveries_oldest_due_seconds", this, m -> seconds(m.due.oldestAge()))
                    .description("how long the oldest due webhook delivery has waited, all tenants").register(registry);
        }
    }

    /** Reads the backlog again when the last reading is older than {@link #DUE_TTL}; before each scrape. */
    synchronized void refresh() {
        long now = System.nanoTime();
        if (read && now - readAtNanos < DUE_TTL.toNanos()) {
            return;
        }
        try {
            due = postcard.deliveriesDue();
        } catch (RuntimeException e) {
            // The last reading stays: a scrape must not fail because the database is briefly away.
            LOG.log(Level.WARNING, "reading the due webhook deliveries for /metrics failed", e);
        }
        read = true;
        readAtNanos = now;
        if (perTenant) {
            DueDeliveries current = due;
            dueByTenant.register(current.byTenant().entrySet().stream()
                    .map(e -> MultiGauge.Row.of(Tags.of("tenant", e.getKey()), e.getValue().count()))
                    .toList(), true);
            oldestByTenant.register(current.byTenant().entrySet().stream()
                    .map(e -> MultiGauge.Row.of(Tags.of("tenant", e.getKey()),
                            seconds(Duration.between(e.getValue().oldestDue(), current.at()))))
                    .toList(), true);
        }
    }

    private void count(AttemptOutcome outcome) {
        OutcomeKey key = OutcomeKey.of(outcome);
        outcomes.computeIfAbsent(key, k -> Counter.builder("postcard_webhook_attempt_outcomes")
                .tag("outcome", k.outcome()).tag("status_class", k.statusClass())
                .description("webhook delivery attempts by outcome and the class of the status answered")
                .register(registry)).increment();
    }

    private static double seconds(Duration age) {
        return Math.max(0, age.toMillis() / 1000.0);
    }

    /** One series of {@code postcard_webhook_attempt_outcomes}; both parts come from fixed, small sets. */
    record OutcomeKey(String outcome, String statusClass) {
        static final List<String> OUTCOMES = List.of("success", "failure", "timeout", "connection_error",
                "protocol_error", "dns_error", "tls_error", "blocked");

        static OutcomeKey of(AttemptOutcome outcome) {
            return switch (outcome) {
                case AttemptOutcome.Delivered d -> new OutcomeKey("success", statusClass(d.status()));
                case AttemptOutcome.Rejected r -> new OutcomeKey("failure", statusClass(r.status()));
                case AttemptOutcome.Failed f -> new OutcomeKey(switch (f.errorClass()) {
                    case TIMEOUT -> "timeout";
                    case CONNECT, IO -> "connection_error";
                    case PROTOCOL -> "protocol_error";
                    case DNS -> "dns_error";
                    case TLS -> "tls_error";
                    case BLOCKED_ADDRESS -> "blocked";
                }, "none");
            };
        }

        static String statusClass(int status) {
            return status >= 100 && status <= 599 ? (status / 100) + "xx" : "none";
        }
    }
}
