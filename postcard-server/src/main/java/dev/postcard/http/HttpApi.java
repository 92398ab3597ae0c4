package dev.postcard.http;

import dev.postcard.Postcard;
import io.helidon.webserver.http.HttpRouting;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Every route of DESIGN §4 that exists so far, under the base path, with one error mapping. */
public final class HttpApi implements AutoCloseable {

    private final Postcard postcard;
    private final RequestBodies bodies;
    private final String basePath;
    private final ClientAddresses clients;
    private final HttpMetrics metrics;
    private final BodyMemory memory;
    private final Optional<String> metricsKey;
    private final EventStreams streams;
    private final java.time.Duration streamHeartbeat;
    private final boolean accessLog;
    private final Authenticator auth;
    private volatile List<Routes.Route> mainRoutes = List.of();
    private volatile List<Routes.Route> adminRoutes = List.of();

    /**
     * How much of a request the server holds: {@code maxBody}, the largest body (413 beyond), and
     * {@code maxBodyMemory}, the bodies held at once by all requests together (503 beyond; empty: an eighth of
     * the heap, see {@link BodyMemory}).
     */
    public record Limits(long maxBody, OptionalLong maxBodyMemory) {
        public Limits {
            if (maxBody < 1 || maxBodyMemory.orElse(1) < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }
    }

    public HttpApi(Postcard postcard, Limits limits, String basePath, ClientAddresses clients,
                   Optional<String> metricsKey, boolean metricsPerTenant,
                   java.time.Duration streamHeartbeat, boolean accessLog) {
        this.streamHeartbeat = streamHeartbeat;
        this.accessLog = accessLog;
        // A stream's write may block for two heartbeats on a client that reads nothing (30 s by default): a
        // reader that keeps up takes each heartbeat at once, so one that took none of two is stalled or gone.
        this.streams = new EventStreams(streamHeartbeat.multipliedBy(2));
        this.metricsKey = metricsKey;
        this.postcard = postcard;
        this.memory = new BodyMemory(limits.maxBodyMemory()
                .orElseGet(() -> BodyMemory.defaultCapacity(limits.maxBody())));
        this.bodies = new RequestBodies(limits.maxBody());
        this.basePath = basePath;
        this.clients = clients;
        this.metrics = new HttpMetrics(postcard, metricsPerTenant);
        this.auth = new Authenticator(postcard.keys(), postcard.tenants(), clients, postcard.clock());
    }

    /**
     * The main port's routes: every route, or with {@code adminElsewhere} every route but those of
     * {@link #configureAdmin} (a second port serves them).
     */
    public void configure(HttpRouting.Builder routing, boolean adminElsewhere) {
        Routes routes = common(routing);
        OperationsRoutes operations = operations();
        operations.registerHealth(routes);
        if (!adminElsewhere) {
            operations.registerMetrics(routes);
        }
        new TrackingRoutes(postcard.tracking(), bodies, clients).register(routes);
        new InstrumentRoutes(postcard, auth, bodies).register(routes);
        new EventStreamRoutes(postcard, auth, streams, streamHeartbeat).register(routes);
        new EventRoutes(postcard, auth, bodies).register(routes);
        new SendRoutes(postcard, auth, bodies).register(routes);
        new EmailRoutes(postcard, auth).register(routes);
        new StatsRoutes(postcard, auth).register(routes);
        if (!adminElsewhere) {
            new TenantRoutes(postcard, auth, bodies).register(routes);
        }
        new ApiKeyRoutes(postcard, auth, bodies).register(routes);
        new SuppressionRoutes(postcard, auth, bodies).register(routes);
        new WebhookRoutes(postcard, auth, bodies).register(routes);
        new SourceRoutes(postcard, auth, bodies).register(routes);
        new TemplateRoutes(postcard, auth, bodies).register(routes);
        new ProviderWebhookRoutes(postcard.providerWebhooks(), bodies).register(routes);
        new BounceRoutes(postcard.bounceClassifier(), auth, bodies).register(routes);
        new ApiDocumentRoutes(ApiDocument.load(basePath)).register(routes);
        // The web pages: trees of static files, not API routes, so not in the API document.
        DashboardPage.routes(basePath).register(routing);
        ReferencePage.routes(basePath).register(routing);
        routes.finish();
        this.mainRoutes = routes.registered();
    }

    /**
     * The API routes {@link #configure} and {@link #configureAdmin} registered, in order (the web pages' static
     * files aside).
     */
    public List<Routes.Route> routes() {
        return java.util.stream.Stream.concat(mainRoutes.stream(), adminRoutes.stream()).toList();
    }

    /**
     * The admin port's routes ({@code POSTCARD_ADMIN_PORT}): what an operator's tools reach and the public need
     * not, {@code /metrics} and tenant management, with the health checks for the probes that watch it.
     */
    public void configureAdmin(HttpRouting.Builder routing) {
        Routes routes = common(routing);
        OperationsRoutes operations = operations();
        operations.registerHealth(routes);
        operations.registerMetrics(routes);
        new TenantRoutes(postcard, auth, bodies).register(routes);
        routes.finish();
        this.adminRoutes = routes.registered();
    }

    /** What every port has: the access log, the request metrics, body limits and the problem answers. */
    private Routes common(HttpRouting.Builder routing) {
        if (accessLog) {
            routing.addFilter(new AccessLog(clients).filter());
        }
        routing.addFilter(metrics.filter());
        routing.addFilter(new RequestFraming(bodies.maxBytes(), memory));
        ProblemHandlers.register(routing);
        return new Routes(routing, basePath);
    }

    private OperationsRoutes operations() {
        return new OperationsRoutes(postcard::databaseAnswers, postcard.health(), metrics, metricsKey);
    }

    /** Ends the open event streams, which would otherwise hold the server's stop for its whole grace period. */
    @Override
    public void close() {
        streams.close();
    }
}
