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
    private volatile List<Routes.Route> routes = List.of();

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
                   java.time.Duration streamHeartbeat) {
        this.streamHeartbeat = streamHeartbeat;
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
    }

    public void configure(HttpRouting.Builder routing) {
        Authenticator auth = new Authenticator(postcard.keys(), postcard.tenants(), clients, postcard.clock());
        routing.addFilter(metrics.filter());
        routing.addFilter(new RequestFraming(bodies.maxBytes(), memory));
        ProblemHandlers.register(routing);
        Routes routes = new Routes(routing, basePath);
        new OperationsRoutes(postcard::databaseAnswers, postcard.health(), metrics, metricsKey).register(routes);
        new TrackingRoutes(postcard.tracking(), bodies, clients).register(routes);
        new InstrumentRoutes(postcard, auth, bodies).register(routes);
        new EventStreamRoutes(postcard, auth, streams, streamHeartbeat).register(routes);
        new EventRoutes(postcard, auth, bodies).register(routes);
        new EmailRoutes(postcard, auth).register(routes);
        new StatsRoutes(postcard, auth).register(routes);
        new TenantRoutes(postcard, auth, bodies).register(routes);
        new ApiKeyRoutes(postcard, auth, bodies).register(routes);
        new SuppressionRoutes(postcard, auth, bodies).register(routes);
        new WebhookRoutes(postcard, auth, bodies).register(routes);
        new SourceRoutes(postcard, auth, bodies).register(routes);
        new ProviderWebhookRoutes(postcard.providerWebhooks(), bodies).register(routes);
        new BounceRoutes(postcard.bounceClassifier(), auth, bodies).register(routes);
        new ApiDocumentRoutes(ApiDocument.load(basePath)).register(routes);
        // The web pages: trees of static files, not API routes, so not in the API document.
        DashboardPage.routes(basePath).register(routing);
        ReferencePage.routes(basePath).register(routing);
        routes.finish();
        this.routes = routes.registered();
    }

    /** The API routes {@link #configure} registered, in order (the web pages' static files aside). */
    public List<Routes.Route> routes() {
        return routes;
    }

    /** Ends the open event streams, which would otherwise hold the server's stop for its whole grace period. */
    @Override
    public void close() {
        streams.close();
    }
}
