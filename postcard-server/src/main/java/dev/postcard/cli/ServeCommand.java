package dev.postcard.cli;

import dev.postcard.InvalidInputException;
import dev.postcard.PostcardException;
import dev.postcard.alerts.AlertThresholds;
import dev.postcard.bounces.intake.ImapMailboxSettings;
import dev.postcard.engine.Retention;
import dev.postcard.net.CidrBlock;
import dev.postcard.secrets.SecretsKeys;
import dev.postcard.sending.TransportUrls;
import dev.postcard.sending.smtp.SmtpSettings;
import dev.postcard.server.HttpTimeouts;
import dev.postcard.server.Logging;
import dev.postcard.server.PostcardServer;
import dev.postcard.server.ServerConfig;
import dev.postcard.server.Settings;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code postcard serve}: every setting is a flag, the environment variable of the same name
 * ({@code --public-url} ↔ {@code POSTCARD_PUBLIC_URL}) and a key of the settings file ({@code public_url}), read by
 * {@link SettingDefaults}; a flag wins over the variable, the variable over the file, the file over the default
 * written here.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, defaultValueProvider = SettingDefaults.class,
        description = "Start the Postcard server.")
final class ServeCommand implements Callable<Integer> {
    private static final java.util.regex.Pattern DOMAIN =
            java.util.regex.Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9-]{2,63}");
    @Option(names = "--config", description = "a settings file (TOML) for the settings not given as flags or"
            + " variables: port = 8080, database_url = \"...\" (POSTCARD_CONFIG)")
    Path settingsFile;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (POSTCARD_PORT)")
    int port;

    @Option(names = "--bind-address", defaultValue = "0.0.0.0", description = "address the HTTP server and the bounce SMTP listener bind to, e.g. 127.0.0.1 (POSTCARD_BIND_ADDRESS)")
    String bindAddress;

    @Option(names = "--admin-port", defaultValue = "", description = "a second port that alone serves /metrics and"
            + " the admin routes (/v1/tenants), e.g. one the firewall keeps inside; default: all on the main port"
            + " (POSTCARD_ADMIN_PORT)")
    String adminPort;

    @Option(names = "--access-log", defaultValue = "false", arity = "0..1", description = "one log line per request:"
            + " client, method, path (no query string), status, time (POSTCARD_ACCESS_LOG)")
    boolean accessLog;

    @Option(names = "--log-level", defaultValue = "info", description = "error, warn, info or debug (POSTCARD_LOG_LEVEL)")
    String logLevel;

    @Option(names = "--log-format", defaultValue = "json", description = "json lines or plain text on stderr (POSTCARD_LOG_FORMAT)")
    String logFormat;

    @Option(names = "--data-dir", defaultValue = "./data", description = "SQLite file and local state (POSTCARD_DATA_DIR)")
    Path dataDir;

    @Option(names = "--database-url", defaultValue = "", description = "postgres://user:password@host/db or jdbc:postgresql://... for PostgreSQL (POSTCARD_DATABASE_URL)")
    String databaseUrl;

    @Option(names = "--public-url", defaultValue = "", description = "base of links put in emails (POSTCARD_PUBLIC_URL); default http://localhost:<port>")
    String publicUrl;

    @Option(names = "--base-path", defaultValue = "", description = "prefix of every route, e.g. /api (POSTCARD_BASE_PATH)")
    String basePath;

    @Option(names = "--admin-key", defaultValue = "", description = "the admin API key (POSTCARD_ADMIN_KEY); generated and printed once when absent")
    String adminKey;

    @Option(names = "--allow-private-networks", defaultValue = "false", arity = "0..1", description = "allow http and private webhook endpoints (POSTCARD_ALLOW_PRIVATE_NETWORKS)")
    boolean allowPrivateNetworks;

    @Option(names = "--delivery-retry-schedule", defaultValue = "5s,5m,30m,2h,5h,10h,10h", description = "delays between delivery attempts (POSTCARD_DELIVERY_RETRY_SCHEDULE)")
    String retrySchedule;

    @Option(names = "--send-rate", defaultValue = "50", description = "messages handed to the relay per second (POSTCARD_SEND_RATE)")
    int sendRate;

    @Option(names = "--send-concurrency", defaultValue = "8", description = "hand-overs to the relay under way at once (POSTCARD_SEND_CONCURRENCY)")
    int sendConcurrency;

    @Option(names = "--send-retry-schedule", defaultValue = "1m,5m,15m,1h,4h,12h", description = "waits before each retry of a temporary send failure (POSTCARD_SEND_RETRY_SCHEDULE)")
    String sendRetrySchedule;

    @Option(names = "--delivery-timeout", defaultValue = "15s", description = "per delivery attempt, at most 30s (POSTCARD_DELIVERY_TIMEOUT)")
    String deliveryTimeout;

    @Option(names = "--max-body", defaultValue = "1MiB", description = "largest request body (POSTCARD_MAX_BODY)")
    String maxBody;

    @Option(names = "--max-body-memory", defaultValue = "", description = "request bodies held in memory at once,"
            + " all requests together; 503 beyond (default: an eighth of the heap) (POSTCARD_MAX_BODY_MEMORY)")
    String maxBodyMemory;

    @Option(names = "--endpoint-disable-after", defaultValue = "5d", description = "failing without success this long disables an endpoint (POSTCARD_ENDPOINT_DISABLE_AFTER)")
    String endpointDisableAfter;

    @Option(names = "--geoip-db", defaultValue = "", description = "MaxMind City database for locations (POSTCARD_GEOIP_DB)")
    String geoIpDb;

    @Option(names = "--smtp-url", defaultValue = "", description = "relay for sending: smtp://user:pass@host:port (STARTTLS required; ?starttls=optional) or smtps://..., ?pool=4&timeout=30s&name=smtp&rate=N (POSTCARD_SMTP_URL)")
    String smtpUrl;

    @Option(names = "--send-transports", defaultValue = "", description = "more transports for sending, tried after"
            + " --smtp-url in this order: comma-separated smtp[s]://, resend://KEY@api.resend.com,"
            + " sendgrid://KEY@api.sendgrid.com, postmark://TOKEN@api.postmarkapp.com,"
            + " mailgun://KEY@api.mailgun.net/DOMAIN, ses://ID:SECRET@email.REGION.amazonaws.com; each may take"
            + " ?name= (default its kind) and ?rate=N per second (POSTCARD_SEND_TRANSPORTS)")
    String sendTransports;

    @Option(names = "--imap-url", defaultValue = "", description = "bounce mailbox: imap[s]://user:pass@host:port/folder[?processed=Processed|flag&interval=60s] (POSTCARD_IMAP_URL)")
    String imapUrl;

    @Option(names = "--smtp-port", defaultValue = "0", description = "port of the SMTP listener for bounce mail; 0 runs none (POSTCARD_SMTP_PORT)")
    int smtpPort;

    @Option(names = "--bounce-domain", defaultValue = "", description = "comma-separated domains of the bounce+<email_id>@ return paths (POSTCARD_BOUNCE_DOMAIN)")
    String bounceDomain;

    @Option(names = "--machine-click-window", defaultValue = "10s", description = "a click this soon after delivery or the first open counts as a scanner's (POSTCARD_MACHINE_CLICK_WINDOW; 0s turns it off)")
    String machineClickWindow;

    @Option(names = "--retention-events", defaultValue = "400d", description = "how long events are kept after they were stored, at least 1d; 'forever' keeps them (POSTCARD_RETENTION_EVENTS)")
    String retentionEvents;

    @Option(names = "--retention-deliveries", defaultValue = "30d", description = "how long webhook deliveries are kept after they succeeded or failed, at least 1d; 'forever' keeps them (POSTCARD_RETENTION_DELIVERIES)")
    String retentionDeliveries;

    @Option(names = "--retention-attempts", defaultValue = "30d", description = "how long webhook delivery attempts are kept, at least 1d; 'forever' keeps them (POSTCARD_RETENTION_ATTEMPTS)")
    String retentionAttempts;

    @Option(names = "--retention-sends", defaultValue = "30d", description = "how long a sent email's copy is kept after its outcome (sent, bounced, failed, dropped, canceled), at least 1d; 'forever' keeps them (POSTCARD_RETENTION_SENDS)")
    String retentionSends;

    @Option(names = "--soft-bounce-limit", defaultValue = "3", description = "soft bounces in a row, with no delivery between, that suppress an address (POSTCARD_SOFT_BOUNCE_LIMIT)")
    int softBounceLimit;

    @Option(names = "--click-excluded-domains", defaultValue = "", description = "comma-separated domains whose links are not rewritten (POSTCARD_CLICK_EXCLUDED_DOMAINS)")
    String clickExcludedDomains;

    @Option(names = "--trust-proxy", defaultValue = "false", arity = "0..1", description = "take client addresses from X-Forwarded-For (POSTCARD_TRUST_PROXY)")
    boolean trustProxy;

    @Option(names = "--http-idle-timeout", defaultValue = "60s", description = "an HTTP connection waiting this long"
            + " for its next request is closed (POSTCARD_HTTP_IDLE_TIMEOUT)")
    String httpIdleTimeout;

    @Option(names = "--http-header-timeout", defaultValue = "20s", description = "a request's line and headers"
            + " must arrive within this time of its first byte; beyond, 408 and the connection is closed"
            + " (POSTCARD_HTTP_HEADER_TIMEOUT)")
    String httpHeaderTimeout;

    @Option(names = "--http-body-timeout", defaultValue = "30s", description = "a request's body must arrive within"
            + " this time, plus a second for every 16 KiB of it received; beyond, 408 and the connection is closed"
            + " (POSTCARD_HTTP_BODY_TIMEOUT)")
    String httpBodyTimeout;

    @Option(names = "--event-stream-heartbeat", defaultValue = "15s", description = "an event stream with nothing"
            + " to send sends a comment this often, to keep proxies from closing it (POSTCARD_EVENT_STREAM_HEARTBEAT)")
    String eventStreamHeartbeat;

    @Option(names = "--max-connections", defaultValue = "10000", description = "HTTP connections open at once;"
            + " new ones wait beyond that (POSTCARD_MAX_CONNECTIONS)")
    int maxConnections;

    @Option(names = "--max-connections-per-client", defaultValue = "256", description = "HTTP connections open at"
            + " once from one address (a proxy's, behind one); more are closed at once"
            + " (POSTCARD_MAX_CONNECTIONS_PER_CLIENT)")
    int maxConnectionsPerClient;

    @Option(names = "--metrics-key", defaultValue = "", description = "when set, GET /metrics needs"
            + " 'Authorization: Bearer <this key>' (at least 16 characters) (POSTCARD_METRICS_KEY)")
    String metricsKey;

    @Option(names = "--delivery-proxy", defaultValue = "", description = "an HTTP proxy, http://host:port, that"
            + " every webhook goes through (HTTP CONNECT for https); none by default (POSTCARD_DELIVERY_PROXY)")
    String deliveryProxy;

    @Option(names = "--metrics-per-tenant", defaultValue = "false", arity = "0..1", description = "break the"
            + " due-delivery gauges of /metrics down by tenant, one series each (POSTCARD_METRICS_PER_TENANT)")
    boolean metricsPerTenant;

    @Option(names = "--trusted-proxies", defaultValue = "", description = "with --trust-proxy: comma-separated"
            + " networks (CIDR) of the proxies in front; default: the private and loopback ranges"
            + " (POSTCARD_TRUSTED_PROXIES)")
    String trustedProxies;

    @Option(names = "--secrets-key", defaultValue = "", description = "32 random bytes in base64 that encrypt webhook"
            + " and source secrets at rest; make one with 'postcard secrets generate-key' (POSTCARD_SECRETS_KEY, or"
            + " POSTCARD_SECRETS_KEY_FILE)")
    String secretsKey;

    @Option(names = "--secrets-previous-keys", defaultValue = "", description = "comma-separated keys that secrets"
            + " may still be encrypted under, during a rotation (POSTCARD_SECRETS_PREVIOUS_KEYS)")
    String secretsPreviousKeys;

    @Option(names = "--alert-bounce-rate", defaultValue = "5%", description = "bounced / sent over the window that triggers an alert (POSTCARD_ALERT_BOUNCE_RATE)")
    String alertBounceRate;

    @Option(names = "--alert-complaint-rate", defaultValue = "0.1%", description = "complained / delivered over the window that triggers an alert (POSTCARD_ALERT_COMPLAINT_RATE)")
    String alertComplaintRate;

    @Option(names = "--alert-window", defaultValue = "1h", description = "the sliding window of alert rates, whole minutes up to 7d (POSTCARD_ALERT_WINDOW)")
    String alertWindow;

    @Option(names = "--alert-min-volume", defaultValue = "100", description = "sent (delivered, for complaints) in the window before a rate can alert (POSTCARD_ALERT_MIN_VOLUME)")
    long alertMinVolume;

    /**
     * Out of memory, any thread may have died half-way (a background loop, the web server's); the process should
     * then end and be restarted rather than answer on, half alive. {@code ./postcard} sets the JVM option.
     */
    private static void warnUnlessOutOfMemoryEndsTheProcess() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        boolean ends = vm != null && (vm.getVMOption("ExitOnOutOfMemoryError").getValue().equals("true")
                || vm.getVMOption("CrashOnOutOfMemoryError").getValue().equals("true"));
        if (!ends) {
            java.util.logging.Logger.getLogger(ServeCommand.class.getName()).warning("the JVM runs without"
                    + " -XX:+ExitOnOutOfMemoryError: out of memory, it would go on half alive instead of ending for"
                    + " its supervisor to restart it (./postcard sets it)");
        }
    }

    @Override
    public Integer call() {
        PrintStream out = System.out;
        ServerConfig config;
        try {
            Logging.configure(Logging.LogLevel.parse("POSTCARD_LOG_LEVEL", logLevel),
                    Logging.LogFormat.parse("POSTCARD_LOG_FORMAT", logFormat));
            config = config();
        } catch (InvalidInputException e) {
            System.err.println("postcard: " + e.getMessage());
            return 2;
        }
        warnUnlessOutOfMemoryEndsTheProcess();
        PostcardServer server;
        try {
            server = PostcardServer.start(config);
        } catch (PostcardException e) {
            System.err.println("postcard: could not start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            server.close();
            stopped.countDown();
        }));
        out.println("Postcard is running on port " + server.port());
        out.println("  API:       " + server.baseUrl() + "/v1");
        out.println("  tracking:  " + config.publicUrl() + config.basePath() + "/track");
        out.println("  health:    " + server.baseUrl() + "/healthz");
        server.adminPort().ifPresent(p -> out.println("  admin:     http://localhost:" + p + config.basePath()
                + "/metrics and /v1/tenants"));
        out.println("  dashboard: " + server.baseUrl() + "/dashboard");
        server.bounceSmtpPort().ifPresent(p -> out.println("  bounces:   SMTP on port " + p + " for "
                + String.join(", ", config.bounceDomains())));
        server.generatedAdminKey().ifPresent(key -> {
            out.println();
            out.println("admin api key: " + key);
            out.println("  (shown once: store it now; set POSTCARD_ADMIN_KEY to choose your own)");
        });
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    ServerConfig config() {
        if (port < 0 || port > 65535) {
            throw new InvalidInputException("POSTCARD_PORT", "POSTCARD_PORT must be 0 to 65535");
        }
        var timeout = Settings.duration("POSTCARD_DELIVERY_TIMEOUT", deliveryTimeout);
        if (timeout.isZero() || timeout.toSeconds() > 30) {
            throw new InvalidInputException("POSTCARD_DELIVERY_TIMEOUT", "POSTCARD_DELIVERY_TIMEOUT must be more than 0 and at most 30s");
        }
        if (smtpPort < 0 || smtpPort > 65535) {
            throw new InvalidInputException("POSTCARD_SMTP_PORT", "POSTCARD_SMTP_PORT must be 0 to 65535");
        }
        List<String> bounceDomains = bounceDomains();
        if (softBounceLimit < 1) {
            throw new InvalidInputException("POSTCARD_SOFT_BOUNCE_LIMIT", "POSTCARD_SOFT_BOUNCE_LIMIT must be at least 1");
        }
        if (sendRate < 1) {
            throw new InvalidInputException("POSTCARD_SEND_RATE", "POSTCARD_SEND_RATE must be at least 1");
        }
        if (sendConcurrency < 1) {
            throw new InvalidInputException("POSTCARD_SEND_CONCURRENCY", "POSTCARD_SEND_CONCURRENCY must be at least 1");
        }
        if (smtpPort > 0 && bounceDomains.isEmpty()) {
            throw new InvalidInputException("POSTCARD_BOUNCE_DOMAIN",
                    "POSTCARD_BOUNCE_DOMAIN must name the domain to accept bounce mail for when POSTCARD_SMTP_PORT is set");
        }
        // Without a public URL, links point at this server as seen from this machine.
        String links = optional(publicUrl).orElse("http://localhost:" + (port == 0 ? 8080 : port));
        return new ServerConfig.Builder(dataDir)
                .port(port)
                .bindAddress(bindAddress())
                .adminPort(adminPort())
                .accessLog(accessLog)
                .databaseUrl(optional(databaseUrl))
                .publicUrl(links)
                .basePath(basePath)
                .adminKey(optional(adminKey))
                .allowPrivateNetworks(allowPrivateNetworks)
                .deliveryRetrySchedule(Settings.durations("POSTCARD_DELIVERY_RETRY_SCHEDULE", retrySchedule))
                .deliveryTimeout(timeout)
                .sendRate(sendRate)
                .sendConcurrency(sendConcurrency)
                .sendRetrySchedule(Settings.durations("POSTCARD_SEND_RETRY_SCHEDULE", sendRetrySchedule))
                .maxBody(Settings.bytes("POSTCARD_MAX_BODY", maxBody))
                .maxBodyMemory(optional(maxBodyMemory).map(v -> Settings.bytes("POSTCARD_MAX_BODY_MEMORY", v))
                        .map(java.util.OptionalLong::of).orElse(java.util.OptionalLong.empty()))
                .endpointDisableAfter(Settings.duration("POSTCARD_ENDPOINT_DISABLE_AFTER", endpointDisableAfter))
                .geoIpDatabase(optional(geoIpDb).map(Path::of))
                .smtpUrl(smtpUrl())
                .sendTransports(sendTransports())
                .imapUrl(imapUrl())
                .smtpPort(smtpPort)
                .bounceDomains(bounceDomains)
                .trustProxy(trustProxy)
                .trustedProxies(trustedProxies())
                .metricsKey(metricsKey())
                .metricsPerTenant(metricsPerTenant)
                .deliveryProxy(deliveryProxy())
                .http(httpTimeouts())
                .eventStreamHeartbeat(positive("POSTCARD_EVENT_STREAM_HEARTBEAT", eventStreamHeartbeat))
                .machineClickWindow(Settings.duration("POSTCARD_MACHINE_CLICK_WINDOW", machineClickWindow))
                .clickExcludedDomains(Stream.of(clickExcludedDomains.split(",")).map(String::strip)
                        .filter(d -> !d.isEmpty()).toList())
                .secretsKeys(SecretsKeys.parse(optional(secretsKey), optional(secretsPreviousKeys)))
                .alertThresholds(alertThresholds())
                .softBounceLimit(softBounceLimit)
                .retention(new Retention(kept("POSTCARD_RETENTION_EVENTS", retentionEvents),
                        kept("POSTCARD_RETENTION_DELIVERIES", retentionDeliveries),
                        kept("POSTCARD_RETENTION_ATTEMPTS", retentionAttempts),
                        kept("POSTCARD_RETENTION_SENDS", retentionSends)))
                .build();
    }

    private java.util.OptionalInt adminPort() {
        Optional<String> given = optional(adminPort);
        if (given.isEmpty()) {
            return java.util.OptionalInt.empty();
        }
        try {
            int value = Integer.parseInt(given.get());
            if (value >= 0 && value <= 65535 && (value == 0 || value != port)) {
                return java.util.OptionalInt.of(value);
            }
        } catch (NumberFormatException e) {
            // refused below, with the rule
        }
        throw new InvalidInputException("POSTCARD_ADMIN_PORT", "POSTCARD_ADMIN_PORT must be a port, 0 to 65535,"
                + " other than POSTCARD_PORT (got '" + adminPort + "')");
    }

    /** An IP address, or a host name that resolves to one of this machine's (checked when the server binds). */
    private String bindAddress() {
        String address = bindAddress.strip();
        try {
            InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new InvalidInputException("POSTCARD_BIND_ADDRESS", "POSTCARD_BIND_ADDRESS is not an address or a"
                    + " host name this machine can resolve: '" + address + "'");
        }
        return address;
    }

    /** A retention period: a duration of at least a day, or {@code forever}. */
    private static Optional<Duration> kept(String setting, String text) {
        if (text.strip().equalsIgnoreCase("forever")) {
            return Optional.empty();
        }
        Duration period = Settings.duration(setting, text);
        if (period.compareTo(Retention.MINIMUM) < 0) {
            throw new InvalidInputException(setting, setting + " must be at least 1d, or 'forever' (got '" + text + "')");
        }
        return Optional.of(period);
    }

    /** The engine checks the thresholds; its complaints are renamed to the settings they came from. */
    private AlertThresholds alertThresholds() {
        double bounce = Settings.fraction("POSTCARD_ALERT_BOUNCE_RATE", alertBounceRate);
        double complaint = Settings.fraction("POSTCARD_ALERT_COMPLAINT_RATE", alertComplaintRate);
        java.time.Duration window = Settings.duration("POSTCARD_ALERT_WINDOW", alertWindow);
        try {
            return new AlertThresholds(bounce, complaint, window, alertMinVolume);
        } catch (InvalidInputException e) {
            throw switch (e.field()) {
                case "bounceRate" -> new InvalidInputException("POSTCARD_ALERT_BOUNCE_RATE",
                        "POSTCARD_ALERT_BOUNCE_RATE must be above 0% and at most 100%");
                case "complaintRate" -> new InvalidInputException("POSTCARD_ALERT_COMPLAINT_RATE",
                        "POSTCARD_ALERT_COMPLAINT_RATE must be above 0% and at most 100%");
                case "window" -> new InvalidInputException("POSTCARD_ALERT_WINDOW",
                        "POSTCARD_ALERT_WINDOW must be whole minutes, from 1m to 7d");
                default -> new InvalidInputException("POSTCARD_ALERT_MIN_VOLUME",
                        "POSTCARD_ALERT_MIN_VOLUME must be at least 1");
            };
        }
    }

    private HttpTimeouts httpTimeouts() {
        Duration idle = positive("POSTCARD_HTTP_IDLE_TIMEOUT", httpIdleTimeout);
        Duration header = positive("POSTCARD_HTTP_HEADER_TIMEOUT", httpHeaderTimeout);
        Duration body = positive("POSTCARD_HTTP_BODY_TIMEOUT", httpBodyTimeout);
        if (maxConnections < 1) {
            throw new InvalidInputException("POSTCARD_MAX_CONNECTIONS", "POSTCARD_MAX_CONNECTIONS must be at least 1");
        }
        if (maxConnectionsPerClient < 1) {
            throw new InvalidInputException("POSTCARD_MAX_CONNECTIONS_PER_CLIENT",
                    "POSTCARD_MAX_CONNECTIONS_PER_CLIENT must be at least 1");
        }
        return new HttpTimeouts(idle, header, body, maxConnections, maxConnectionsPerClient);
    }

    private static Duration positive(String setting, String text) {
        Duration value = Settings.duration(setting, text);
        if (value.isZero() || value.isNegative()) {
            throw new InvalidInputException(setting, setting + " must be positive");
        }
        return value;
    }

    private Optional<String> metricsKey() {
        Optional<String> key = optional(metricsKey);
        if (key.isPresent() && key.get().length() < 16) {
            throw new InvalidInputException("POSTCARD_METRICS_KEY", "POSTCARD_METRICS_KEY must be at least 16 characters");
        }
        return key;
    }

    private List<CidrBlock> trustedProxies() {
        List<CidrBlock> networks = new java.util.ArrayList<>();
        for (String network : trustedProxies.split(",")) {
            if (!network.isBlank()) {
                try {
                    networks.add(CidrBlock.parse(network));
                } catch (InvalidInputException e) {
                    throw new InvalidInputException("POSTCARD_TRUSTED_PROXIES", "POSTCARD_TRUSTED_PROXIES: "
                            + e.getMessage());
                }
            }
        }
        return networks;
    }

    private List<String> bounceDomains() {
        List<String> domains = Stream.of(bounceDomain == null ? new String[0] : bounceDomain.split(","))
                .map(d -> d.strip().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty()).toList();
        for (String domain : domains) {
            if (!DOMAIN.matcher(domain).matches()) {
                throw new InvalidInputException("POSTCARD_BOUNCE_DOMAIN", "POSTCARD_BOUNCE_DOMAIN: '" + domain
                        + "' is not a domain name");
            }
        }
        return domains;
    }

    /** The relay URL, checked in full now so a typo stops the start, not the first send. */
    private Optional<URI> smtpUrl() {
        Optional<URI> url = mailUrl(SmtpSettings.SETTING, smtpUrl, "smtp", "smtps");
        url.ifPresent(u -> TransportUrls.check(Optional.of(u.toString()), List.of()));
        return url;
    }

    /** The transport URLs, each checked in full now so a typo stops the start, not the first send. */
    private List<String> sendTransports() {
        List<String> urls = new ArrayList<>();
        for (String url : sendTransports.split(",")) {
            if (!url.isBlank()) {
                urls.add(url.strip());
            }
        }
        // With the relay URL too: no two transports may share a name.
        TransportUrls.check(optional(smtpUrl), urls);
        return urls;
    }

    /** The bounce mailbox URL, checked in full now so a typo stops the start, not the first poll. */
    private Optional<URI> imapUrl() {
        Optional<URI> url = mailUrl("POSTCARD_IMAP_URL", imapUrl, "imap", "imaps");
        url.ifPresent(u -> {
            try {
                ImapMailboxSettings.parse(u.toString());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("POSTCARD_IMAP_URL", "POSTCARD_IMAP_URL: " + e.getMessage());
            }
        });
        return url;
    }

    private static Optional<String> optional(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** {@code http://host:port}: a proxy is reached in plain HTTP, the webhook's TLS runs inside its tunnel. */
    private Optional<URI> deliveryProxy() {
        return optional(deliveryProxy).map(v -> {
            try {
                URI uri = URI.create(v);
                if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1
                        || uri.getUserInfo() != null || !(uri.getPath() == null || uri.getPath().isEmpty()
                        || uri.getPath().equals("/"))) {
                    throw new IllegalArgumentException();
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("POSTCARD_DELIVERY_PROXY",
                        "POSTCARD_DELIVERY_PROXY must look like http://host:port");
            }
        });
    }

    private static Optional<URI> mailUrl(String setting, String value, String plain, String tls) {
        return optional(value).map(v -> {
            try {
                URI uri = URI.create(v);
                if (!(plain.equals(uri.getScheme()) || tls.equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new IllegalArgumentException();
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(setting, setting + " must look like " + plain + "[s]://user:pass@host:port");
            }
        });
    }
}
