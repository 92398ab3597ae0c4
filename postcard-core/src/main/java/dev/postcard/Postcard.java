package dev.postcard;

import dev.postcard.alerts.AlertEvaluator;
import dev.postcard.alerts.AlertRows;
import dev.postcard.alerts.AlertThresholds;
import dev.postcard.alerts.Alerts;
import dev.postcard.bounces.BounceClassifier;
import dev.postcard.bounces.Bounces;
import dev.postcard.delivery.AddressPolicy;
import dev.postcard.delivery.AttemptOutcome;
import dev.postcard.delivery.DeliverySettings;
import dev.postcard.delivery.DeliveryWorker;
import dev.postcard.delivery.DueDeliveries;
import dev.postcard.delivery.EndpointLimit;
import dev.postcard.delivery.JdbcDeliveryStore;
import dev.postcard.delivery.RetrySchedule;
import dev.postcard.delivery.Webhook;
import dev.postcard.delivery.WebhookEndpoints;
import dev.postcard.engine.BackgroundHealth;
import dev.postcard.engine.Emails;
import dev.postcard.engine.EventFeed;
import dev.postcard.engine.EventFilter;
import dev.postcard.engine.Events;
import dev.postcard.engine.ListenerRegistry;
import dev.postcard.engine.Pruner;
import dev.postcard.engine.RecentMessages;
import dev.postcard.engine.Recorder;
import dev.postcard.engine.Retention;
import dev.postcard.event.AppendResult;
import dev.postcard.event.Event;
import dev.postcard.event.EventType;
import dev.postcard.providers.BuiltInProviders;
import dev.postcard.providers.HttpGetter;
import dev.postcard.providers.JdbcSourceStore;
import dev.postcard.providers.Provider;
import dev.postcard.providers.ProviderContext;
import dev.postcard.providers.ProviderIntake;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.Providers;
import dev.postcard.providers.Sources;
import dev.postcard.secrets.SecretCipher;
import dev.postcard.secrets.SecretsKeys;
import dev.postcard.secrets.StoredSecrets;
import dev.postcard.sending.SendSettings;
import dev.postcard.sending.Sending;
import dev.postcard.sending.Transport;
import dev.postcard.stats.JdbcStatsStore;
import dev.postcard.stats.Stats;
import dev.postcard.storage.Database;
import dev.postcard.storage.JdbcStore;
import dev.postcard.storage.Store;
import dev.postcard.suppression.JdbcSuppressionStore;
import dev.postcard.suppression.SuppressionAnnouncer;
import dev.postcard.suppression.Suppressions;
import dev.postcard.templates.Templates;
import dev.postcard.tenant.ApiKeys;
import dev.postcard.tenant.JdbcTenantStore;
import dev.postcard.templates.TemplateRenderer;
import dev.postcard.tenant.Tenant;
import dev.postcard.tenant.Tenants;
import dev.postcard.tracking.Tracking;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The engine: a plain object that a host application can embed. Everything that enters the event log goes
 * through {@link #record}; the HTTP server, the CLI and the dashboard are adapters around this class.
 *
 * <pre>{@code
 * try (Postcard postcard = Postcard.builder().databaseUrl("jdbc:sqlite:./data/postcard.db").build()) {
 *     postcard.on("email.opened", e -> System.out.println(e.json()));
 *     var email = postcard.tracking().instrument("default", request);
 * }
 * }</pre>
 */
public final class Postcard implements AutoCloseable {
    private final PostcardConfig config;
    private final JdbcStore store;
    private final JdbcDeliveryStore deliveries;
    private final JdbcStatsStore stats;
    private final ListenerRegistry listeners;
    private final EventFeed eventFeed;
    private final Events events;
    private final Emails emails;
    private final WebhookEndpoints webhooks;
    private final BackgroundHealth health;
    private final Recorder recorder;
    private final Tracking tracking;
    private final ApiKeys apiKeys;
    private final Tenants tenants;
    private final DeliveryWorker worker;
    private final Providers providers;
    private final Sources sources;
    private final ProviderIntake intake;
    private final BounceClassifier bounceClassifier;
    private final Alerts alerts;
    private final SuppressionAnnouncer suppressionAnnouncer;
    private final Suppressions suppressions;
    private final Templates templates;
    private final Pruner pruner;
    private final Sending sending;

    private Postcard(PostcardConfig config, JdbcStore store, HttpGetter providerHttp, List<Provider> extraProviders,
                     BounceClassifier bounceClassifier, int softBounceLimit, boolean maintainStats,
                     List<Transport> sendTransports, Optional<TemplateRenderer> templateRenderer) {
        this.config = config;
        this.store = store;
        // Checked before anything runs: a key that is missing stops the start, not the first delivery.
        SecretCipher cipher = new SecretCipher(config.secretsKeys());
        storedSecrets(store, cipher).requireReadable();
        // The outbox joins every append transaction: registered before anything is recorded.
        this.deliveries = new JdbcDeliveryStore(store, config.clock(), JdbcDeliveryStore.DEFAULT_CACHE_TTL);
        store.addAppendStep(deliveries.outboxStep());
        // Counters and aggregates follow the log outside the append (docs/architecture.md says why).
        store.projector().add(Alerts.counting());
        this.stats = new JdbcStatsStore(store);
        if (maintainStats) {
            store.projector().add(stats.projection());
        }
        this.health = new BackgroundHealth(config.clock());
        this.listeners = new ListenerRegistry(health);
        this.recorder = new Recorder(store, new RecentMessages(50_000), listeners);
        // Suppression policy: decided in each event's transaction, announced after it commits.
        JdbcSuppressionStore suppressionStore = new JdbcSuppressionStore(store, config.clock());
        store.addAppendStep(suppressionStore.policyStep(softBounceLimit));
        this.suppressionAnnouncer = new SuppressionAnnouncer(suppressionStore, recorder, Duration.ofMinutes(1),
                health);
        this.suppressions = new Suppressions(suppressionStore, suppressionAnnouncer, config.clock());
        recorder.afterCommit((tenantId, fresh) -> {
            if (fresh.stream().anyMatch(e -> SUPPRESSING.contains(e.event().type()))) {
                suppressionAnnouncer.wake();
            }
        });
        this.tracking = Tracking.create(config, store, recorder);
        JdbcTenantStore tenantStore = new JdbcTenantStore(store, config.clock());
        this.apiKeys = new ApiKeys(store, tenantStore, recorder, config.clock());
        this.tenants = new Tenants(tenantStore, config.clock());
        this.bounceClassifier = bounceClassifier;
        this.providers = BuiltInProviders.all();
        extraProviders.forEach(providers::register);
        JdbcSourceStore sourceStore = new JdbcSourceStore(store, cipher);
        String root = config.publicUrl().toString();
        this.intake = new ProviderIntake(providers, sourceStore, store, recorder,
                new ProviderContext(config.clock(), providerHttp));
        this.sources = new Sources(sourceStore, providers, config.clock(),
                (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + config.basePath(), intake::forget);
        this.worker = new DeliveryWorker(deliveries, config.delivery(), config.clock(), recorder::record, health,
                cipher);
        if (config.delivery().workerEnabled()) {
            // Deliveries go out as soon as their event commits, not at the next poll.
            recorder.afterCommit((tenantId, fresh) -> {
                if (!deliveries.enabledFor(tenantId).isEmpty()) {
                    worker.wake();
                }
            });
            worker.start();
        }
        this.alerts = new Alerts(new AlertEvaluator(new AlertRows(store.dataSource()), config.alerts(), config.clock(),
                recorder::record), health);
        store.projector().afterProjected(alerts::afterProjected);
        this.eventFeed = new EventFeed(store);
        this.events = new Events(store, recorder, eventFeed);
        this.emails = new Emails(store);
        this.templates = new Templates(store.database(), recorder, config.clock());
        this.webhooks = new WebhookEndpoints(deliveries, worker.addressPolicy(), config.clock(), cipher);
        recorder.afterCommit((tenantId, fresh) -> eventFeed.committed(tenantId));
        // Sends render the engine's own templates unless the embedding application brings its own renderer.
        this.sending = Sending.create(store, recorder, tracking, suppressions, config.sending(), sendTransports,
                id -> tenantStore.findTenant(id).flatMap(Tenant::sendTransports),
                Optional.of(templateRenderer.orElse(templates)), config.clock(), health);
        this.pruner = new Pruner(store, deliveries, sending.retention(), config.retention(), config.clock(), health);
        store.projector().start();
        pruner.start();
        alerts.start();
        suppressionAnnouncer.start();
        sending.start();
    }

    /** Event types whose recording may suppress an address. */
    private static final java.util.Set<EventType> SUPPRESSING = java.util.EnumSet.of(EventType.EMAIL_BOUNCED,
            EventType.EMAIL_COMPLAINED, EventType.EMAIL_UNSUBSCRIBED);

    /** The embedded default: the SQLite file {@code postcard.db} in the data directory. */
    public static String defaultDatabaseUrl(Path dataDir) {
        return "jdbc:sqlite:" + dataDir.resolve("postcard.db").toAbsolutePath();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every secret the features store (webhook signing secrets, source settings), for {@code postcard secrets}
     * status and rotation on a store no engine runs on, and for the engine's own check when it starts.
     */
    public static StoredSecrets storedSecrets(JdbcStore store, SecretCipher cipher) {
        return new StoredSecrets(store.database(), cipher,
                List.of(JdbcDeliveryStore.secretTable(), JdbcSourceStore.secretTable()));
    }

    /** Records events from any source: durable when this returns; duplicates (same id) are reported, not stored. */
    public List<AppendResult> record(String tenantId, List<Event> events) {
        return recorder.record(tenantId, events);
    }

    public AppendResult record(String tenantId, Event event) {
        return recorder.record(tenantId, event);
    }

    /**
     * Calls {@code listener} for every new event matching {@code pattern} (a type, an alias, {@code email.*}
     * or {@code *}), after it is durable. Close the returned handle to stop.
     */
    public AutoCloseable on(String pattern, EventListener listener) {
        return listeners.add(EventFilter.parse(pattern), listener);
    }

    /** How many events of this type this engine has newly stored since it started (for metrics). */
    public long storedCount(EventType type) {
        return recorder.storedCount(type);
    }

    /**
     * Parses the webhooks of provider {@code name} with {@code parser}: for a built-in provider in place of its
     * own parser (its sources are verified as before); for any other name, a new provider whose sources choose
     * HMAC, basic auth or token verification.
     */
    public Postcard registerParser(String name, ProviderParser parser) {
        providers.registerParser(name, parser);
        return this;
    }

    /** Reads returned mail: DSNs, ARF complaints, MTAs' own bounce formats, auto-replies. */
    public BounceClassifier bounceClassifier() {
        return bounceClassifier;
    }

    /** Provider webhook sources ({@code /v1/sources}). */
    public Sources sources() {
        return sources;
    }

    /** Receives provider webhooks ({@code /track/webhook/...}). */
    public ProviderIntake providerWebhooks() {
        return intake;
    }

    /** The tenants' suppression lists ({@code /v1/suppressions}), filled by the policy as events are recorded. */
    public Suppressions suppressions() {
        return suppressions;
    }

    public Tracking tracking() {
        return tracking;
    }

    /** API keys: created, listed, revoked, and the key a request presents checked. */
    public ApiKeys keys() {
        return apiKeys;
    }

    public Tenants tenants() {
        return tenants;
    }

    /** The event log: record, read and follow events. */
    public Events events() {
        return events;
    }

    /** Each email's state and the events about it. */
    public Emails emails() {
        return emails;
    }

    /** Email templates: versions kept, rendered with a send's variables ({@code /v1/templates}). */
    public Templates templates() {
        return templates;
    }

    /** Sending through the configured transport ({@code POST /v1/emails}): the send queue. */
    public Sending sending() {
        return sending;
    }

    /**
     * The storage under the facades, for this repository's tests and tools: an application uses the facades
     * ({@link #events()}, {@link #emails()}, {@link #webhooks()}, ...), whose methods check what storage does not.
     */
    public Store store() {
        return store;
    }

    /** Bounce and complaint rate alerts. */
    public Alerts alerts() {
        return alerts;
    }

    /** Delivery and engagement stats and per-link clicks, kept as events are recorded. */
    public Stats stats() {
        return stats;
    }

    /** Webhook endpoints, their deliveries and attempts. */
    public WebhookEndpoints webhooks() {
        return webhooks;
    }

    /** The webhooks' outbox under {@link #webhooks()}, for this repository's tests and tools (see {@link #store()}). */
    public JdbcDeliveryStore deliveries() {
        return deliveries;
    }

    /** The database connection pool's counts now; for {@code /metrics}. */
    public Database.PoolState connectionPool() {
        return store.database().pool();
    }

    /** Whether the database answers now; for {@code /readyz}. */
    public boolean databaseAnswers() {
        return store.ping();
    }

    /**
     * Sends one sample event of {@code eventType} (a type or alias) to the webhook now and returns what came of
     * it: a fresh {@code evt_} id, realistic data, top-level {@code "test": true}, nothing stored. Works whether
     * or not this engine runs a delivery worker.
     *
     * @throws InvalidInputException when {@code eventType} names no event type
     */
    public AttemptOutcome sendTest(Webhook webhook, String eventType) {
        return worker.sendTest(webhook, eventType);
    }

    /** Observes every webhook delivery attempt this engine makes (for metrics). */
    public void onDeliveryAttempt(DeliveryWorker.AttemptListener listener) {
        worker.onAttempt(listener);
    }

    /** Observes the outcome of every webhook delivery attempt this engine makes (for metrics). */
    public void onDeliveryOutcome(Consumer<AttemptOutcome> listener) {
        worker.onAttemptOutcome(listener);
    }

    /**
     * A webhook's concurrency limit on this node and its attempts running here now ({@link EndpointLimit}); the
     * starting limit and none in flight when this node has not sent to it.
     */
    public EndpointLimit.Snapshot deliveryConcurrency(String webhookId) {
        return worker.concurrency(webhookId);
    }

    /** The deliveries due now, in all tenants, and how long the oldest has waited (one query). */
    public DueDeliveries deliveriesDue() {
        return deliveries.due(config.clock().instant());
    }

    /** Which addresses webhook endpoints may have: public only, unless private networks are allowed. */
    public AddressPolicy addressPolicy() {
        return worker.addressPolicy();
    }

    public PostcardConfig config() {
        return config;
    }

    /** How far stats and alert counters lag this node's appends (zero when they hold every event). */
    public Duration projectionLag() {
        return store.projector().lag();
    }

    /** How the background loops are doing; {@code /readyz} reads it. */
    public BackgroundHealth health() {
        return health;
    }

    public Clock clock() {
        return config.clock();
    }

    /**
     * Stops alert evaluation and the delivery worker (unfinished deliveries stay owed and are sent by the next engine on this
     * database), then listeners after they have seen every recorded event, then closes the store.
     */
    @Override
    public void close() {
        sending.close();
        pruner.close();
        alerts.close();
        worker.close();
        suppressionAnnouncer.close();
        listeners.close();
        tracking.close();
        store.close();
    }

    /** Builds an engine; every setting has a default that runs on one machine with nothing installed. */
    public static final class Builder {
        private String databaseUrl;
        private Path dataDir = Path.of("data");
        private URI publicUrl = URI.create("http://localhost:8080");
        private String basePath = "";
        private Optional<Path> geoIpDatabase = Optional.empty();
        private final List<String> excludedClickDomains = new ArrayList<>();
        private Duration machineClickWindow = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();
        private DeliverySettings delivery = DeliverySettings.DEFAULT;
        private JdbcStore store;
        private boolean maintainStats = true;
        private HttpGetter providerHttp = HttpGetter.jdk();
        private final List<Provider> extraProviders = new ArrayList<>();
        private BounceClassifier bounceClassifier;
        private AlertThresholds alertThresholds = AlertThresholds.DEFAULT;
        private int softBounceLimit = Suppressions.DEFAULT_SOFT_BOUNCE_LIMIT;
        private Retention retention = Retention.DEFAULTS;
        private SecretsKeys secretsKeys = SecretsKeys.none();
        private SendSettings sending = SendSettings.DEFAULT;
        private List<Transport> sendTransports = List.of();
        private Optional<TemplateRenderer> templateRenderer = Optional.empty();

        private Builder() {
        }

        /** {@code jdbc:postgresql://...} or {@code jdbc:sqlite:...}; default: SQLite in the data directory. */
        public Builder databaseUrl(String url) {
            this.databaseUrl = url;
            return this;
        }

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        public Builder publicUrl(String url) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("POSTCARD_PUBLIC_URL", "not a URL: " + url);
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidInputException("POSTCARD_PUBLIC_URL", "the public URL must be http(s)://host[:port][/path]");
            }
            this.publicUrl = uri;
            return this;
        }

        public Builder basePath(String path) {
            this.basePath = PostcardConfig.normaliseBasePath(path);
            return this;
        }

        public Builder geoIpDatabase(Path file) {
            this.geoIpDatabase = Optional.ofNullable(file);
            return this;
        }

        /** Links to these domains (and their subdomains) are not rewritten for click tracking. */
        public Builder excludeClickDomain(String domain) {
            this.excludedClickDomains.add(domain);
            return this;
        }

        /** A click this soon after delivery or the first open is counted as a security scanner's. */
        public Builder machineClickWindow(Duration window) {
            if (window.isNegative()) {
                throw new InvalidInputException("machineClickWindow", "must not be negative");
            }
            this.machineClickWindow = window;
            return this;
        }

        /** Delays between webhook delivery attempts; default 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h ± 20 %. */
        public Builder deliveryRetrySchedule(RetrySchedule schedule) {
            this.delivery = delivery.withRetrySchedule(schedule);
            return this;
        }

        /** How long one webhook attempt may take; default 15 s, at most 30 s. */
        public Builder deliveryTimeout(Duration timeout) {
            this.delivery = delivery.withAttemptTimeout(timeout);
            return this;
        }

        /** An endpoint failing without a single success this long is disabled; default 5 days. */
        public Builder endpointDisableAfter(Duration after) {
            this.delivery = delivery.withEndpointDisableAfter(after);
            return this;
        }

        /** Allows {@code http} and private or loopback webhook endpoints (development, tests); default false. */
        public Builder allowPrivateNetworks(boolean allow) {
            this.delivery = delivery.withAllowPrivateNetworks(allow);
            return this;
        }

        /** The concurrency limit an endpoint starts at, before its answers move it (EndpointLimit); default 4. */
        public Builder endpointConcurrency(int concurrency) {
            this.delivery = delivery.withEndpointConcurrency(concurrency);
            return this;
        }

        /**
         * An HTTP proxy every webhook goes through (HTTP CONNECT for {@code https}); default none. Postcard checks
         * the endpoint's host as it resolves it; the proxy resolves it again, so it must enforce egress rules too.
         */
        public Builder deliveryProxy(Optional<java.net.InetSocketAddress> proxy) {
            this.delivery = delivery.withProxy(proxy);
            return this;
        }

        /** Whether this engine sends webhooks; default true. Off, deliveries wait for an engine that does. */
        public Builder deliveryWorker(boolean enabled) {
            this.delivery = delivery.withWorkerEnabled(enabled);
            return this;
        }

        /**
         * How long events, finished deliveries, delivery attempts and finished copies of sends are kept
         * ({@link Retention#DEFAULTS}: 400, 30, 30 and 30 days); an hourly pass deletes what is older.
         */
        public Builder retention(Retention retention) {
            this.retention = java.util.Objects.requireNonNull(retention, "retention");
            return this;
        }

        /**
         * When {@code alert.triggered} fires; default {@link AlertThresholds#DEFAULT}: bounce rate 5 %, complaint
         * rate 0.1 %, over one hour, with at least 100 sent (delivered, for the complaint rate).
         */
        public Builder alertThresholds(AlertThresholds thresholds) {
            this.alertThresholds = java.util.Objects.requireNonNull(thresholds, "thresholds");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * The operator keys that encrypt webhook and source secrets at rest ({@code POSTCARD_SECRETS_KEY}); default
         * none, and secrets are stored as plain text. Building fails when the database holds secrets encrypted
         * under a key not given.
         */
        public Builder secretsKeys(SecretsKeys keys) {
            this.secretsKeys = java.util.Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * Adds a provider (verification and parsing) beside the built-in ones, or in place of the built-in of
         * the same name. To change only how a provider's bodies are parsed, see {@link Postcard#registerParser}.
         */
        public Builder provider(Provider provider) {
            this.extraProviders.add(java.util.Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /** Soft bounces in a row, with no delivery between, that suppress an address; default 3. */
        public Builder softBounceLimit(int limit) {
            if (limit < 1) {
                throw new InvalidInputException("softBounceLimit", "the soft bounce limit must be at least 1");
            }
            this.softBounceLimit = limit;
            return this;
        }

        /** How returned mail is read; default {@link Bounces#classifier()}. */
        public Builder bounceClassifier(BounceClassifier classifier) {
            this.bounceClassifier = java.util.Objects.requireNonNull(classifier, "classifier");
            return this;
        }

        /** How provider certificates and confirmation URLs are fetched (tests serve them locally). */
        public Builder providerHttp(HttpGetter http) {
            this.providerHttp = java.util.Objects.requireNonNull(http, "http");
            return this;
        }

        /**
         * Whether the stats aggregates are kept as events are recorded; default true. Off only to measure what
         * keeping them costs: events recorded meanwhile are never counted.
         */
        public Builder maintainStats(boolean maintain) {
            this.maintainStats = maintain;
            return this;
        }

        /**
         * Where sends go ({@code POST /v1/emails}); default none, and every send is refused. The engine closes it
         * when it closes.
         */
        public Builder sendTransport(Transport transport) {
            return sendTransports(List.of(java.util.Objects.requireNonNull(transport, "transport")));
        }

        /**
         * Where sends go, each under its own name ({@link Transport#name()}): a tenant without a choice of its own
         * tries them in this order. The engine closes them when it closes.
         */
        public Builder sendTransports(List<Transport> transports) {
            this.sendTransports = List.copyOf(transports);
            return this;
        }

        /** Hand-overs started per second, per transport; default 50. */
        public Builder sendRate(int perSecond) {
            this.sending = sending.withRate(perSecond);
            return this;
        }

        /** Hand-overs under way at once; default 8. */
        public Builder sendConcurrency(int limit) {
            this.sending = sending.withConcurrency(limit);
            return this;
        }

        /** Waits before each retry of a temporary failure; default 1 min, 5 min, 15 min, 1 h, 4 h, 12 h. */
        public Builder sendRetrySchedule(List<Duration> delays) {
            this.sending = sending.withRetrySchedule(delays);
            return this;
        }

        /** The domain of VERP return paths ({@code bounce+<email_id>@<domain>}); default none. */
        public Builder sendBounceDomain(Optional<String> domain) {
            this.sending = sending.withBounceDomain(domain);
            return this;
        }

        /** Whether this engine hands sends over; default true. Off, sends wait for an engine that does. */
        public Builder sendWorker(boolean enabled) {
            this.sending = sending.withWorkerEnabled(enabled);
            return this;
        }

        /** Renders the templates sends name ({@code template_id}) instead of the engine's own ({@link Postcard#templates()}). */
        public Builder templateRenderer(TemplateRenderer renderer) {
            this.templateRenderer = Optional.of(java.util.Objects.requireNonNull(renderer, "renderer"));
            return this;
        }

        /** Uses an already open store (tests, embedding); the engine closes it. */
        public Builder store(JdbcStore store) {
            this.store = store;
            return this;
        }

        public Postcard build() {
            String url = databaseUrl != null && !databaseUrl.isBlank() ? databaseUrl : defaultDatabaseUrl(dataDir);
            PostcardConfig config = new PostcardConfig(url, publicUrl, basePath, geoIpDatabase,
                    excludedClickDomains, machineClickWindow, delivery, clock, alertThresholds, retention, secretsKeys,
                    sending);
            // The store dates what it changes (a message's updated_at, a revoked key) by the engine's clock.
            JdbcStore opened = store != null ? store
                    : JdbcStore.open(url, dev.postcard.storage.StoreOptions.defaults().withClock(clock));
            try {
                return new Postcard(config, opened, providerHttp, extraProviders,
                        bounceClassifier != null ? bounceClassifier : Bounces.classifier(), softBounceLimit,
                        maintainStats, sendTransports, templateRenderer);
            } catch (RuntimeException e) {
                opened.close();
                sendTransports.forEach(Transport::close);
                throw e;
            }
        }
    }
}
