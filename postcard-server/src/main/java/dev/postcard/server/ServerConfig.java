package dev.postcard.server;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings of DESIGN §9, each an environment variable and a {@code serve} flag of the same name.
 * The delivery and mail settings are read and checked here and used by the webhook delivery, sending and
 * bounce-mailbox features.
 */
public record ServerConfig(
        int port,
        Path dataDir,
        Optional<String> databaseUrl,
        String publicUrl,
        String basePath,
        Optional<String> adminKey,
        boolean allowPrivateNetworks,
        List<Duration> deliveryRetrySchedule,
        Duration deliveryTimeout,
        long maxBody,
        Duration endpointDisableAfter,
        Optional<Path> geoIpDatabase,
        Optional<URI> smtpUrl,
        Optional<URI> imapUrl,
        boolean trustProxy) {

    public static final long DEFAULT_MAX_BODY = 1L << 20;

    /** Defaults, for tests and embedding: port 0 picks a free port. */
    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(0, dataDir, Optional.empty(), "http://localhost:8080", "", Optional.empty(), false,
                Settings.durations("POSTCARD_DELIVERY_RETRY_SCHEDULE", "5s,5m,30m,2h,5h,10h,10h"),
                Duration.ofSeconds(15), DEFAULT_MAX_BODY, Duration.ofDays(5), Optional.empty(), Optional.empty(),
                Optional.empty(), false);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(newPort, dataDir, databaseUrl, publicUrl, basePath, adminKey, allowPrivateNetworks,
                deliveryRetrySchedule, deliveryTimeout, maxBody, endpointDisableAfter, geoIpDatabase, smtpUrl,
                imapUrl, trustProxy);
    }

    public ServerConfig withDatabaseUrl(String url) {
        return new ServerConfig(port, dataDir, Optional.of(url), publicUrl, basePath, adminKey, allowPrivateNetworks,
                deliveryRetrySchedule, deliveryTimeout, maxBody, endpointDisableAfter, geoIpDatabase, smtpUrl,
                imapUrl, trustProxy);
    }

    public ServerConfig withAdminKey(String key) {
        return new ServerConfig(port, dataDir, databaseUrl, publicUrl, basePath, Optional.of(key),
                allowPrivateNetworks, deliveryRetrySchedule, deliveryTimeout, maxBody, endpointDisableAfter,
                geoIpDatabase, smtpUrl, imapUrl, trustProxy);
    }

    public ServerConfig withPublicUrl(String url) {
        return new ServerConfig(port, dataDir, databaseUrl, url, basePath, adminKey, allowPrivateNetworks,
                deliveryRetrySchedule, deliveryTimeout, maxBody, endpointDisableAfter, geoIpDatabase, smtpUrl,
                imapUrl, trustProxy);
    }

    public ServerConfig withBasePath(String path) {
        return new ServerConfig(port, dataDir, databaseUrl, publicUrl, path, adminKey, allowPrivateNetworks,
                deliveryRetrySchedule, deliveryTimeout, maxBody, endpointDisableAfter, geoIpDatabase, smtpUrl,
                imapUrl, trustProxy);
    }

    public ServerConfig withTrustProxy(boolean trust) {
        return new ServerConfig(port, dataDir, databaseUrl, publicUrl, basePath, adminKey, allowPrivateNetworks,
                deliveryRetrySchedule, deliveryTimeout, maxBody, endpointDisableAfter, geoIpDatabase, smtpUrl,
                imapUrl, trust);
    }

    public ServerConfig withMaxBody(long bytes) {
        return new ServerConfig(port, dataDir, databaseUrl, publicUrl, basePath, adminKey, allowPrivateNetworks,
                deliveryRetrySchedule, deliveryTimeout, bytes, endpointDisableAfter, geoIpDatabase, smtpUrl,
                imapUrl, trustProxy);
    }
}
