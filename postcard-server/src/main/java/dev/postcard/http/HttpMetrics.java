package dev.postcard.http;

import dev.postcard.Postcard;
import dev.postcard.event.EventType;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.helidon.webserver.http.Filter;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus metrics: requests by route family and status class, events stored by type, webhook delivery
 * attempts by result with their latency, and the JVM.
 * Route families ({@code /track/open}, {@code /v1/events}) keep the label set small whatever paths clients send.
 */
final class HttpMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> deliveryTimers = new ConcurrentHashMap<>();

    HttpMetrics(Postcard postcard) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        postcard.onDeliveryAttempt((result, latency) -> deliveryTimers.computeIfAbsent(result, r ->
                Timer.builder("postcard_webhook_attempts").tag("result", r)
                        .description("webhook delivery attempts by result, with their latency")
                        .publishPercentileHistogram().register(registry)).record(latency));
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
                String key = req.prologue().method().text() + " " + family(req.path().path()) + " "
                        + (res.status().code() / 100) + "xx";
                timers.computeIfAbsent(key, k -> {
                    String[] parts = k.split(" ");
                    return Timer.builder("postcard_http_requests").tag("method", parts[0]).tag("route", parts[1])
                            .tag("status", parts[2]).description("HTTP requests served").register(registry);
                }).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        };
    }

    String scrape() {
        return registry.scrape();
    }

    /** The first two path segments after any base path that are not ids: {@code /track/open}, {@code /v1/events}. */
    static String family(String path) {
        String[] segments = path.split("/");
        StringBuilder out = new StringBuilder();
        int kept = 0;
        for (String s : segments) {
            if (s.isEmpty()) {
                continue;
            }
            if (s.equals("track") || s.equals("v1") || kept > 0) {
                out.append('/').append(s);
                if (++kept == 2) {
                    break;
                }
            } else if (s.equals("healthz") || s.equals("readyz") || s.equals("metrics")) {
                return "/" + s;
            }
        }
        return kept == 0 ? "other" : out.toString();
    }
}
