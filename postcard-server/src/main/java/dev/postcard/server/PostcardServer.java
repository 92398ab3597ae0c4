package dev.postcard.server;

import dev.postcard.Postcard;
import dev.postcard.PostcardException;
import dev.postcard.bounces.BounceClassifier;
import dev.postcard.delivery.RetrySchedule;
import dev.postcard.sending.Transport;
import dev.postcard.sending.TransportUrls;
import dev.postcard.http.ClientAddresses;
import dev.postcard.http.HttpApi;
import dev.postcard.http.Routes;
import dev.postcard.http.TransportProblems;
import dev.postcard.server.connection.HttpConnections;
import io.helidon.common.mapper.MapperManager;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.WebServerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/** The runnable: the engine plus the HTTP adapter, started and stopped together. */
public final class PostcardServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PostcardServer.class.getName());
    /**
     * Helidon's wire logging prints request headers (API keys) and bodies (recipients) at FINE and below;
     * it stays off whatever level the operator gives the root logger. Held here so JUL keeps the setting.
     */
    private static final Logger WIRE_LOG = Logger.getLogger("io.helidon.webserver.http1.Http1LoggingConnectionListener");
    private static final Duration HELIDON_IDLE_CHECK_OFF = Duration.ofDays(3650);
    private static final String ADMIN_SOCKET = "admin";

    static {
        WIRE_LOG.setLevel(java.util.logging.Level.INFO);
        cacheMapperManager();
    }

    /**
     * Helidon reads typed headers through a global mapper manager that, unless one is set, it looks up in its
     * service registry on every call: measured as 71 % of the request thread's CPU on {@code POST /v1/events}.
     * Setting it once, before the first server starts, makes that a field read. The setter is deprecated in
     * Helidon 4.4; Postcard pins that version.
     */
    @SuppressWarnings({"deprecation", "removal"})
    private static void cacheMapperManager() {
        MapperManager.global(MapperManager.create());
    }

    private final Postcard postcard;
    private final WebServer webServer;
    private final HttpConnections connections;
    private final Optional<String> generatedAdminKey;
    private final ServerConfig config;
    private final BounceReceivers bounces;
    private final HttpApi api;

    private PostcardServer(ServerConfig config, Postcard postcard, HttpApi api, WebServer webServer,
                           HttpConnections connections, Optional<String> generatedAdminKey, BounceReceivers bounces) {
        this.config = config;
        this.api = api;
        this.postcard = postcard;
        this.webServer = webServer;
        this.connections = connections;
        this.generatedAdminKey = generatedAdminKey;
        this.bounces = bounces;
    }

    public static PostcardServer start(ServerConfig config) {
        return start(config, Optional.empty(), configuredTransport(config));
    }

    /** Starts with this classifier of returned mail instead of the built-in one (tests, embedding). */
    public static PostcardServer start(ServerConfig config, BounceClassifier bounceClassifier) {
        return start(config, Optional.of(bounceClassifier), configuredTransport(config));
    }

    /** Starts with this transport for sends instead of the one the settings name (tests, embedding). */
    public static PostcardServer start(ServerConfig config, Transport sendTransport) {
        return start(config, Optional.empty(), List.of(sendTransport));
    }

    /**
     * The transports {@code POSTCARD_SMTP_URL} and {@code POSTCARD_SEND_TRANSPORTS} name, tried in that order by a
     * tenant without a choice of its own; none when neither is set, and {@code POST /v1/emails} then answers 503.
     */
    private static List<Transport> configuredTransport(ServerConfig config) {
        return TransportUrls.open(config.smtpUrl().map(URI::toString), config.sendTransports(), config.clock());
    }

    private static PostcardServer start(ServerConfig config, Optional<BounceClassifier> bounceClassifier,
                                        List<Transport> sendTransports) {
        Postcard.Builder builder = Postcard.builder()
                .dataDir(config.dataDir())
                .publicUrl(config.publicUrl())
                .basePath(config.basePath())
                .clock(config.clock());
        config.databaseUrl().ifPresent(builder::databaseUrl);
        bounceClassifier.ifPresent(builder::bounceClassifier);
        config.geoIpDatabase().ifPresent(builder::geoIpDatabase);
        config.clickExcludedDomains().forEach(builder::excludeClickDomain);
        builder.machineClickWindow(config.machineClickWindow())
                .deliveryRetrySchedule(RetrySchedule.of(config.deliveryRetrySchedule()))
                .deliveryTimeout(config.deliveryTimeout())
                .endpointDisableAfter(config.endpointDisableAfter())
                .allowPrivateNetworks(config.allowPrivateNetworks())
                // Resolved once, at start: an address that does not resolve stops the start with the setting named.
                .deliveryProxy(config.deliveryProxy().map(u -> new java.net.InetSocketAddress(u.getHost(), u.getPort())))
                .alertThresholds(config.alertThresholds())
                .softBounceLimit(config.softBounceLimit())
                .retention(config.retention())
                .secretsKeys(config.secretsKeys())
                .sendRate(config.sendRate())
                .sendConcurrency(config.sendConcurrency())
                .sendRetrySchedule(config.sendRetrySchedule())
                .sendBounceDomain(config.bounceDomains().stream().findFirst());
        builder.sendTransports(sendTransports);
        Postcard postcard = builder.build();
        try {
            Optional<String> generated = postcard.keys().ensureAdminKey(config.adminKey());
            HttpApi api = new HttpApi(postcard, new HttpApi.Limits(config.maxBody(), config.maxBodyMemory()),
                    config.basePath(), config.trustProxy() ? ClientAddresses.behindProxies(config.trustedProxies())
                            : ClientAddresses.direct(), config.metricsKey(),
                    config.metricsPerTenant(), config.eventStreamHeartbeat(), config.accessLog());
            HttpConnections connections = HttpConnections.start(config.http());
            WebServerConfig.Builder web = WebServer.builder()
                    .shutdownHook(false)
                    .shutdownGracePeriod(Duration.ofSeconds(5))
                    .routing(routing -> api.configure(routing, config.adminPort().isPresent()));
            listener(web, config.bindAddress(), config.port(), config.http(), connections);
            config.adminPort().ifPresent(adminPort -> web.putSocket(ADMIN_SOCKET, socket -> {
                listener(socket, config.bindAddress(), adminPort, config.http(), connections);
                socket.routing(api::configureAdmin);
            }));
            WebServer server;
            try {
                server = web.build().start();
            } catch (RuntimeException e) {
                connections.close();
                throw e;
            }
            if (!server.isRunning() || server.port() < 0
                    || (config.adminPort().isPresent() && server.port(ADMIN_SOCKET) < 0)) {
                // Helidon logs a failed bind and returns a server that is not running: without this, the
                // engine's workers would run on with no HTTP, and a supervisor would never restart the process.
                server.stop();
                connections.close();
                // Helidon tells only that a listener failed, not which: the admin port is named when it is the
                // one that cannot be bound now.
                boolean admin = config.adminPort().isPresent() && !bindable(config.bindAddress(),
                        config.adminPort().getAsInt());
                throw new PostcardException("cannot listen on port " + (admin ? config.adminPort().getAsInt()
                        : config.port()) + " of " + config.bindAddress() + ": another process holds it, it is not"
                        + " allowed, or the address is not this machine's (" + (admin ? "POSTCARD_ADMIN_PORT"
                        : "POSTCARD_PORT") + ", POSTCARD_BIND_ADDRESS)");
            }
            LOG.info(() -> "listening on port " + server.port() + (config.adminPort().isPresent()
                    ? ", admin routes on port " + server.port(ADMIN_SOCKET) : ""));
            if (config.publicUrl().regionMatches(true, 0, "http:", 0, 5)) {
                LOG.warning(() -> "tracking links and List-Unsubscribe headers use plain http (" + config.publicUrl()
                        + "): the large mailbox providers expect an https one-click unsubscribe (RFC 8058); set"
                        + " POSTCARD_PUBLIC_URL to the https address recipients reach Postcard at");
            }
            BounceReceivers bounces;
            try {
                bounces = BounceReceivers.start(config, postcard);
            } catch (RuntimeException e) {
                server.stop();
                connections.close();
                throw e;
            }
            return new PostcardServer(config, postcard, api, server, connections, generated, bounces);
        } catch (RuntimeException e) {
            postcard.close();
            throw e;
        }
    }


    public int port() {
        return webServer.port();
    }

    /** The port of {@code /metrics} and the admin routes when they have their own ({@code POSTCARD_ADMIN_PORT}). */
    public Optional<Integer> adminPort() {
        return config.adminPort().isPresent() ? Optional.of(webServer.port(ADMIN_SOCKET)) : Optional.empty();
    }

    private static boolean bindable(String host, int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress(host, port));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** What each port's connections get: the address, Helidon's settings and Postcard's guarded connections. */
    private static void listener(ListenerConfig.BuilderBase<?, ?> listener, String host, int port, HttpTimeouts http,
                                 HttpConnections connections) {
        listener.host(host)
                .port(port)
                // Without TCP_NODELAY a keep-alive client waits ~40 ms (Nagle against delayed ACK) for most answers.
                .connectionOptions(io.helidon.common.socket.SocketOptions.builder().tcpNoDelay(true).build())
                // The idle timeout is HttpConnections' (on the monotonic clock); Helidon's check never fires.
                .idleConnectionTimeout(HELIDON_IDLE_CHECK_OFF)
                .idleConnectionPeriod(HELIDON_IDLE_CHECK_OFF)
                .maxTcpConnections(http.maxConnections())
                .directHandlers(TransportProblems.handlers());
        connections.configure(listener);
    }

    public Postcard postcard() {
        return postcard;
    }

    /** The API routes the server answers, without the base path (the web pages' files aside). */
    public List<Routes.Route> routes() {
        return api.routes();
    }

    /** The port of the bounce SMTP listener, when it runs. */
    public Optional<Integer> bounceSmtpPort() {
        return bounces.smtpPort();
    }

    /** The admin key made on this start, present only the first time Postcard starts on a database. */
    public Optional<String> generatedAdminKey() {
        return generatedAdminKey;
    }

    public String baseUrl() {
        return "http://localhost:" + port() + config.basePath();
    }

    /** Stops taking requests and bounce mail, lets those in flight finish, then closes the engine. */
    @Override
    public void close() {
        api.close();
        webServer.stop();
        connections.close();
        bounces.close();
        postcard.close();
    }
}
