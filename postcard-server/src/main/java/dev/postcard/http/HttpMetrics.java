package dev.postcard.http;

import dev.postcard.Postcard;
import dev.postcard.event.EventType;
import dev.postcard.release.Release;
import io.helidon.webserver.http.Filter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus metrics: requests by route family and status class (latency with buckets), the release, events stored by type, webhook delivery
 * attempts by result with their latency (a histogram), the delivery metrics of {@link DeliveryMetrics}, and the JVM.
 * Route families ({@code /track/open}, {@code /v1/events}) keep the label set small whatever paths clients send.
 */
final class HttpMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<RequestKey, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> deliveryTimers = new ConcurrentHashMap<>();

    private final DeliveryMetrics deliveries;

    /**
     * The buckets of request latency: a histogram, so percentiles can be computed across nodes (a summary's
     * cannot be added up). A fixed dozen rather than Micrometer's ~70 default ones, per route family and status.
     */
    private static final Duration[] REQUEST_BUCKETS = java.util.stream.Stream.of(1, 2, 5, 10, 25, 50, 100, 250, 500,
            1000, 2500, 5000, 10000).map(Duration::ofMillis).toArray(Duration[]::new);

    /** {@code perTenant}: the due-delivery gauges get one series per tenant ({@code POSTCARD_METRICS_PER_TENANT}). */
    HttpMetrics(Postcard postcard, boolean perTenant) {
        // An info metric of the Prometheus client itself: Micrometer takes "_info" off a gauge's name.
        Info.builder().name("postcard_build_info").help("the running release").labelNames("version", "commit")
                .register(registry.getPrometheusRegistry()).setLabelValues(Release.version(), Release.commit());
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        postcard.onDeliveryAttempt((result, latency) -> deliveryTimers.computeIfAbsent(result, r ->
                Timer.builder("postcard_webhook_attempts").tag("result", r)
                        .description("webhook delivery attempts by result, with their latency")
                        .publishPercentileHistogram().register(registry)).record(latency));
        this.deliveries = new DeliveryMetrics(postcard, registry, perTenant);
        for (String state : new String[] {"active", "idle"}) {
            Gauge.builder("postcard_db_connections", postcard,
                            p -> state.equals("active") ? p.connectionPool().active() : p.connectionPool().idle())
                    .tag("state", state).description("database connections of the pool, lent out or idle")
                    .register(registry);
        }
        Gauge.builder("postcard_db_connections_max", postcard, p -> p.connectionPool().max())
                .description("the most connections the pool opens").register(registry);
        Gauge.builder("postcard_db_connections_pending", postcard, p -> p.connectionPool().waiting())
                .description("threads waiting for a database connection").register(registry);
        Gauge.builder("postcard_projection_lag_seconds", postcard, p -> p.projectionLag().toNanos() / 1e9)
                .description("how long ago the oldest event this node stored that stats and alert counters do not"
                        + " hold yet was committed; 0 when they hold every event").register(registry);
        for (EventType type : EventType.values()) {
            FunctionCounter.builder("postcard_events_stored", postcard, p -> p.storedCount(type))
                    .tag("type", type.wireName()).description("events newly stored in the log").register(registry);
        }
    }

    Filter filter() {
        return (chain, req, res) -> {
            long start = System.nanoTime();
            try {
                chain.proceed();
            } finally {
                RequestKey key = new RequestKey(method(req.prologue().method().text()), family(req.path().path()),
                        (res.status().code() / 100) + "xx");
                timers.computeIfAbsent(key, k -> Timer.builder("postcard_http_requests").tag("method", k.method())
                        .tag("route", k.route()).tag("status", k.status()).description("HTTP requests served")
                        .serviceLevelObjectives(REQUEST_BUCKETS).register(registry))
                        .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        };
    }

    /** One series of {@code postcard_http_requests}; every part comes from a fixed, small set. */
    private record RequestKey(String method, String route, String status) {
    }

    /** The methods of HTTP itself; anything a client makes up is {@code OTHER}. */
    static String method(String method) {
        return METHODS.contains(method) ? method : "OTHER";
    }

    String scrape() {
        deliveries.refresh();
        return registry.scrape();
    }

    /**
     * The route family of a path, after any base path: {@code /track/open}, {@code /v1/events}, ... — one of
     * {@link #FAMILIES}, or {@code other} for every path Postcard does not serve, so clients cannot grow the
     * label set (ids, typos and scans all land in {@code other}).
     */
    static String family(String path) {
        String[] segments = path.split("/");
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.equals("healthz") || s.equals("readyz") || s.equals("metrics")) {
                return i == segments.length - 1 ? "/" + s : "other";
            }
            if ((s.equals("track") || s.equals("v1")) && i + 1 < segments.length) {
                String family = "/" + s + "/" + segments[i + 1];
                return FAMILIES.contains(family) ? family : "other";
            }
        }
        return "other";
    }

    private static final java.util.Set<String> METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH",
            "DELETE", "OPTIONS", "TRACE", "CONNECT");

    /** The families of the routes Postcard serves (DESIGN §4). */
    static final java.util.Set<String> FAMILIES = java.util.Set.of("/track/open", "/track/click", "/track/unsubscribe",
            "/track/webhook", "/v1/events", "/v1/emails", "/v1/tracking", "/v1/stats", "/v1/tenants", "/v1/api-keys",
            "/v1/webhooks", "/v1/deliveries", "/v1/sources", "/v1/suppressions", "/v1/bounces", "/v1/templates");
}
