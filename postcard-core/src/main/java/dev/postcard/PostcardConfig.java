package dev.postcard;

import dev.postcard.alerts.AlertThresholds;
import dev.postcard.delivery.DeliverySettings;
import dev.postcard.engine.Retention;
import dev.postcard.secrets.SecretsKeys;
import dev.postcard.sending.SendSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine's settings, frozen once the engine is built. {@link Postcard#builder()} validates and fills
 * the defaults: SQLite under {@code ./data}, links to {@code http://localhost:8080}, webhooks
 * delivered on the schedule of DESIGN.md §6 to public addresses only, secrets stored as plain text until
 * operator keys are given ({@code secretsKeys}, whose {@code toString} shows key ids only), messages sent at
 * {@link SendSettings#DEFAULT}'s pace.
 */
public record PostcardConfig(
        String databaseUrl,
        URI publicUrl,
        String basePath,
        Optional<Path> geoIpDatabase,
        List<String> excludedClickDomains,
        Duration machineClickWindow,
        DeliverySettings delivery,
        Clock clock,
        AlertThresholds alerts,
        Retention retention,
        SecretsKeys secretsKeys,
        SendSettings sending) {

    public PostcardConfig {
        Objects.requireNonNull(databaseUrl, "databaseUrl");
        Objects.requireNonNull(publicUrl, "publicUrl");
        basePath = normaliseBasePath(basePath);
        excludedClickDomains = List.copyOf(excludedClickDomains);
        Objects.requireNonNull(machineClickWindow, "machineClickWindow");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(secretsKeys, "secretsKeys");
        Objects.requireNonNull(sending, "sending");
    }

    /** {@code ""} or {@code /x/y} with no trailing slash. */
    public static String normaliseBasePath(String basePath) {
        if (basePath == null || basePath.isBlank() || basePath.equals("/")) {
            return "";
        }
        String p = basePath.strip();
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.matches("(/[A-Za-z0-9._~-]+)+")) {
            throw new InvalidInputException("POSTCARD_BASE_PATH", "the base path must look like /api or /a/b");
        }
        return p;
    }
}
