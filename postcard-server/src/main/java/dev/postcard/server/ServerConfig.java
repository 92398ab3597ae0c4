package dev.postcard.server;

import dev.postcard.alerts.AlertThresholds;
import dev.postcard.engine.Retention;
import dev.postcard.net.CidrBlock;
import dev.postcard.secrets.SecretsKeys;
import dev.postcard.sending.SendSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

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
        List<String> sendTransports,
        Optional<URI> imapUrl,
        int smtpPort,
        List<String> bounceDomains,
        boolean trustProxy,
        Duration machineClickWindow,
        List<String> clickExcludedDomains,
        AlertThresholds alertThresholds,
        int softBounceLimit,
        Retention retention,
        OptionalLong maxBodyMemory,
        List<CidrBlock> trustedProxies,
        Optional<String> metricsKey,
        boolean metricsPerTenant,
        Optional<URI> deliveryProxy,
        HttpTimeouts http,
        Duration eventStreamHeartbeat,
        String bindAddress,
        boolean accessLog,
        OptionalInt adminPort,
        SecretsKeys secretsKeys,
        int sendRate,
        int sendConcurrency,
        List<Duration> sendRetrySchedule,
        Clock clock) {

    public static final long DEFAULT_MAX_BODY = 1L << 20;

    public ServerConfig {
        deliveryRetrySchedule = List.copyOf(deliveryRetrySchedule);
        clickExcludedDomains = List.copyOf(clickExcludedDomains);
        bounceDomains = List.copyOf(bounceDomains);
        trustedProxies = List.copyOf(trustedProxies);
        java.util.Objects.requireNonNull(alertThresholds, "alertThresholds");
        java.util.Objects.requireNonNull(retention, "retention");
        java.util.Objects.requireNonNull(clock, "clock");
        java.util.Objects.requireNonNull(bindAddress, "bindAddress");
        java.util.Objects.requireNonNull(secretsKeys, "secretsKeys");
        sendRetrySchedule = List.copyOf(sendRetrySchedule);
        sendTransports = List.copyOf(sendTransports);
        java.util.Objects.requireNonNull(maxBodyMemory, "maxBodyMemory");
        java.util.Objects.requireNonNull(metricsKey, "metricsKey");
        java.util.Objects.requireNonNull(http, "http");
        java.util.Objects.requireNonNull(deliveryProxy, "deliveryProxy");
        java.util.Objects.requireNonNull(adminPort, "adminPort");
        if (eventStreamHeartbeat.isZero() || eventStreamHeartbeat.isNegative()) {
            throw new IllegalArgumentException("eventStreamHeartbeat must be positive");
        }
    }

    /**
     * The settings that are not secrets: a record's own {@code toString} would print the admin and metrics keys
     * and the passwords in the database and mail URLs to whichever log or exception it reached.
     */
    @Override
    public String toString() {
        return "ServerConfig[port=" + port + ", adminPort=" + adminPort + ", bindAddress=" + bindAddress
                + ", dataDir=" + dataDir + ", database=" + (databaseUrl.isPresent() ? "(given)" : "SQLite in dataDir")
                + ", publicUrl=" + publicUrl + ", basePath=" + basePath + "]";
    }

    /** Defaults, for tests and embedding: port 0 picks a free port. */
    public static ServerConfig defaults(Path dataDir) {
        return new Builder(dataDir).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public ServerConfig withPort(int newPort) {
        return toBuilder().port(newPort).build();
    }

    public ServerConfig withDatabaseUrl(String url) {
        return toBuilder().databaseUrl(Optional.of(url)).build();
    }

    public ServerConfig withAdminKey(String key) {
        return toBuilder().adminKey(Optional.of(key)).build();
    }

    public ServerConfig withBasePath(String path) {
        return toBuilder().basePath(path).build();
    }

    public ServerConfig withPublicUrl(String url) {
        return toBuilder().publicUrl(url).build();
    }

    public ServerConfig withTrustProxy(boolean trust) {
        return toBuilder().trustProxy(trust).build();
    }

    public ServerConfig withClock(Clock newClock) {
        return toBuilder().clock(newClock).build();
    }

    public ServerConfig withMaxBody(long bytes) {
        return toBuilder().maxBody(bytes).build();
    }

    /** Builds a config from the defaults of DESIGN §9; values are checked where they are parsed. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private Optional<String> databaseUrl = Optional.empty();
        private String publicUrl = "http://localhost:8080";
        private String basePath = "";
        private Optional<String> adminKey = Optional.empty();
        private boolean allowPrivateNetworks;
        private List<Duration> deliveryRetrySchedule = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
                Duration.ofHours(10));
        private Duration deliveryTimeout = Duration.ofSeconds(15);
        private long maxBody = DEFAULT_MAX_BODY;
        private Duration endpointDisableAfter = Duration.ofDays(5);
        private Optional<Path> geoIpDatabase = Optional.empty();
        private Optional<URI> smtpUrl = Optional.empty();
        private List<String> sendTransports = List.of();
        private Optional<URI> imapUrl = Optional.empty();
        private int smtpPort;
        private List<String> bounceDomains = List.of();
        private boolean trustProxy;
        private Duration machineClickWindow = Duration.ofSeconds(10);
        private List<String> clickExcludedDomains = List.of();
        private AlertThresholds alertThresholds = AlertThresholds.DEFAULT;
        private int softBounceLimit = 3;
        private Retention retention = Retention.DEFAULTS;
        private Clock clock = Clock.systemUTC();
        private OptionalLong maxBodyMemory = OptionalLong.empty();
        private List<CidrBlock> trustedProxies = List.of();
        private Optional<String> metricsKey = Optional.empty();
        private boolean metricsPerTenant;
        private Optional<URI> deliveryProxy = Optional.empty();
        private HttpTimeouts http = HttpTimeouts.DEFAULT;
        private Duration eventStreamHeartbeat = Duration.ofSeconds(15);
        private String bindAddress = "0.0.0.0";
        private boolean accessLog;
        private OptionalInt adminPort = OptionalInt.empty();
        private SecretsKeys secretsKeys = SecretsKeys.none();
        private int sendRate = SendSettings.DEFAULT.rate();
        private int sendConcurrency = SendSettings.DEFAULT.concurrency();
        private List<Duration> sendRetrySchedule = SendSettings.DEFAULT.retrySchedule();

        public Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        private Builder(ServerConfig c) {
            port = c.port;
            dataDir = c.dataDir;
            databaseUrl = c.databaseUrl;
            publicUrl = c.publicUrl;
            basePath = c.basePath;
            adminKey = c.adminKey;
            allowPrivateNetworks = c.allowPrivateNetworks;
            deliveryRetrySchedule = c.deliveryRetrySchedule;
            deliveryTimeout = c.deliveryTimeout;
            maxBody = c.maxBody;
            endpointDisableAfter = c.endpointDisableAfter;
            geoIpDatabase = c.geoIpDatabase;
            smtpUrl = c.smtpUrl;
            sendTransports = c.sendTransports;
            imapUrl = c.imapUrl;
            smtpPort = c.smtpPort;
            bounceDomains = c.bounceDomains;
            trustProxy = c.trustProxy;
            machineClickWindow = c.machineClickWindow;
            clickExcludedDomains = c.clickExcludedDomains;
            alertThresholds = c.alertThresholds;
            softBounceLimit = c.softBounceLimit;
            retention = c.retention;
            clock = c.clock;
            maxBodyMemory = c.maxBodyMemory;
            trustedProxies = c.trustedProxies;
            metricsKey = c.metricsKey;
            metricsPerTenant = c.metricsPerTenant;
            deliveryProxy = c.deliveryProxy;
            http = c.http;
            eventStreamHeartbeat = c.eventStreamHeartbeat;
            bindAddress = c.bindAddress;
            accessLog = c.accessLog;
            adminPort = c.adminPort;
            secretsKeys = c.secretsKeys;
            sendRate = c.sendRate;
            sendConcurrency = c.sendConcurrency;
            sendRetrySchedule = c.sendRetrySchedule;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder databaseUrl(Optional<String> value) {
            databaseUrl = value;
            return this;
        }

        public Builder publicUrl(String value) {
            publicUrl = value;
            return this;
        }

        public Builder basePath(String value) {
            basePath = value;
            return this;
        }

        public Builder adminKey(Optional<String> value) {
            adminKey = value;
            return this;
        }

        public Builder allowPrivateNetworks(boolean value) {
            allowPrivateNetworks = value;
            return this;
        }

        public Builder deliveryRetrySchedule(List<Duration> value) {
            deliveryRetrySchedule = value;
            return this;
        }

        public Builder deliveryTimeout(Duration value) {
            deliveryTimeout = value;
            return this;
        }

        public Builder maxBody(long value) {
            maxBody = value;
            return this;
        }

        public Builder endpointDisableAfter(Duration value) {
            endpointDisableAfter = value;
            return this;
        }

        public Builder geoIpDatabase(Optional<Path> value) {
            geoIpDatabase = value;
            return this;
        }

        /** Transport URLs tried after {@code smtpUrl}, in order (POSTCARD_SEND_TRANSPORTS). */
        public Builder sendTransports(List<String> value) {
            sendTransports = value;
            return this;
        }

        public Builder smtpUrl(Optional<URI> value) {
            smtpUrl = value;
            return this;
        }

        public Builder imapUrl(Optional<URI> value) {
            imapUrl = value;
            return this;
        }

        /** The bounce SMTP listener's port; 0 (the default) runs none. */
        public Builder smtpPort(int value) {
            smtpPort = value;
            return this;
        }

        /** The domains of VERP return paths, for which the bounce SMTP listener accepts mail. */
        public Builder bounceDomains(List<String> value) {
            bounceDomains = value;
            return this;
        }

        public Builder trustProxy(boolean value) {
            trustProxy = value;
            return this;
        }

        public Builder machineClickWindow(Duration value) {
            machineClickWindow = value;
            return this;
        }

        public Builder clickExcludedDomains(List<String> value) {
            clickExcludedDomains = value;
            return this;
        }

        /** When alert.triggered fires (POSTCARD_ALERT_*). */
        public Builder alertThresholds(AlertThresholds value) {
            alertThresholds = value;
            return this;
        }

        /** Soft bounces in a row, with no delivery between, that suppress an address. */
        public Builder softBounceLimit(int value) {
            softBounceLimit = value;
            return this;
        }

        /** How long events, finished deliveries, attempts and finished send copies are kept (POSTCARD_RETENTION_*). */
        public Builder retention(Retention value) {
            retention = value;
            return this;
        }

        /** How long a connection may wait on its client, and how many may be open. */
        public Builder http(HttpTimeouts value) {
            http = value;
            return this;
        }

        /** The address the HTTP server and the bounce SMTP listener bind to: all interfaces by default. */
        public Builder bindAddress(String value) {
            bindAddress = value;
            return this;
        }

        /** The operator keys that encrypt webhook and source secrets at rest (POSTCARD_SECRETS_KEY); none by default. */
        /** Messages handed to the transport per second ({@code POSTCARD_SEND_RATE}); default 50. */
        public Builder sendRate(int value) {
            sendRate = value;
            return this;
        }

        /** Hand-overs under way at once ({@code POSTCARD_SEND_CONCURRENCY}); default 8. */
        public Builder sendConcurrency(int value) {
            sendConcurrency = value;
            return this;
        }

        /** Waits before each retry of a send's temporary failure ({@code POSTCARD_SEND_RETRY_SCHEDULE}). */
        public Builder sendRetrySchedule(List<Duration> value) {
            sendRetrySchedule = value;
            return this;
        }

        public Builder secretsKeys(SecretsKeys value) {
            secretsKeys = value;
            return this;
        }

        /** How often an idle event stream sends a comment, so proxies and clients see it is alive. */
        public Builder eventStreamHeartbeat(Duration value) {
            eventStreamHeartbeat = value;
            return this;
        }

        /** When present, {@code GET /metrics} needs {@code Authorization: Bearer <key>}. */
        public Builder metricsKey(Optional<String> value) {
            metricsKey = value;
            return this;
        }

        /** An HTTP proxy ({@code http://host:port}) every webhook goes through. */
        public Builder deliveryProxy(Optional<URI> value) {
            deliveryProxy = value;
            return this;
        }

        /** Whether /metrics breaks the due-delivery gauges down by tenant (one series per tenant). */
        public Builder metricsPerTenant(boolean value) {
            metricsPerTenant = value;
            return this;
        }

        /** With {@link #trustProxy}: the proxies in front; empty, the private and loopback ranges. */
        public Builder trustedProxies(List<CidrBlock> value) {
            trustedProxies = value;
            return this;
        }

        /** Request bodies held in memory at once, all requests together; empty: an eighth of the heap. */
        public Builder maxBodyMemory(OptionalLong value) {
            maxBodyMemory = value;
            return this;
        }

        /**
         * The time the engine and the HTTP routes go by: the system's UTC clock, or another for embedding and
         * tests (every stored time, expiry, window and signature tolerance follows it).
         */
        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        /** One log line per request answered, on the logger {@code postcard.access}. */
        public Builder accessLog(boolean value) {
            accessLog = value;
            return this;
        }

        /**
         * A second port for {@code /metrics} and the admin-only routes ({@code /v1/tenants}), which the main port
         * then no longer serves; {@code 0} picks a free one; empty, everything is on the main port.
         */
        public Builder adminPort(OptionalInt value) {
            adminPort = value;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(port, dataDir, databaseUrl, publicUrl, basePath, adminKey, allowPrivateNetworks,
                    deliveryRetrySchedule, deliveryTimeout, maxBody, endpointDisableAfter, geoIpDatabase, smtpUrl,
                    sendTransports, imapUrl, smtpPort, bounceDomains, trustProxy, machineClickWindow, clickExcludedDomains,
                    alertThresholds, softBounceLimit, retention, maxBodyMemory, trustedProxies, metricsKey,
                    metricsPerTenant, deliveryProxy, http, eventStreamHeartbeat, bindAddress, accessLog, adminPort, secretsKeys,
                    sendRate, sendConcurrency, sendRetrySchedule, clock);
        }
    }
}
