package dev.postcard.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.PostcardException;
import dev.postcard.engine.BackgroundHealth;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import dev.postcard.secrets.SecretCell;
import dev.postcard.secrets.SecretCipher;
import dev.postcard.verify.WebhookSigner;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Sends what the outbox owes (DESIGN.md §2, §6). A platform thread claims due deliveries with a lease and
 * hands each to a virtual thread. How many attempts run against one endpoint at once follows the endpoint
 * ({@link EndpointLimit}: from {@link DeliverySettings#endpointConcurrency()} up while it answers 2xx in time,
 * halved on timeouts, connection errors, 429 and 5xx, between 1 and {@link EndpointLimit#DEFAULT_CEILING}); at
 * most {@value #MAX_IN_FLIGHT} deliveries are claimed and unfinished on one node, a quarter of that per tenant, and
 * per webhook about twice its limit. A delivery waiting for its endpoint waits on its own virtual thread, and a
 * webhook with enough in hand is left out of the next claims, so a slow endpoint never holds up another's
 * deliveries, in its tenant or another.
 *
 * <p>At-least-once: nothing is marked delivered before the receiver answered 2xx, and a node that dies
 * mid-attempt leaves its lease to run out, after which any node claims the delivery again. A waiting delivery
 * whose lease has too little time left for a full attempt is not sent; it is claimed again when the lease ends.
 */
public final class DeliveryWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DeliveryWorker.class.getName());
    /**
     * Deliveries per claim. A claim is a lease query per webhook with deliveries due, in SQLite's one writer's
     * turn: claims of 256 instead of 64 delivered a third more (BENCHMARKS.md, "Webhook fan-out").
     */
    private static final int BATCH = 256;
    /** Claimed and not finished on this node, all endpoints together: the cap on attempts in flight. */
    public static final int MAX_IN_FLIGHT = 4096;
    /**
     * Claimed and not finished, per tenant: a tenant whose endpoints are slow or whose backlog is huge fills at
     * most a quarter of {@link #MAX_IN_FLIGHT}, so claiming goes on for the others.
     */
    private static final int MAX_IN_FLIGHT_PER_TENANT = MAX_IN_FLIGHT / 4;
    /**
     * Claimed and not answered yet, per webhook: enough to keep its concurrency limit busy
     * ({@value #CLAIMED_PER_TURN} per turn of its limit, at least {@value #MIN_CLAIMED_PER_WEBHOOK}). More would only
     * wait here, holding the tenant's share of claims while its other webhooks' deliveries wait in the database.
     * Deliveries whose answer is being recorded no longer count: the record's wait for the database is not the
     * endpoint's.
     */
    private static final int CLAIMED_PER_TURN = 2;
    private static final int MIN_CLAIMED_PER_WEBHOOK = 16;
    private static final long IDLE_POLL_MILLIS = 200;
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(10);
    private static final String LOOP = "delivery";

    private final JdbcDeliveryStore store;
    private final DeliverySettings settings;
    private final Clock clock;
    private final BiConsumer<String, Event> emit;
    private final BackgroundHealth health;
    private final WebhookSender sender;
    private final AddressPolicy policy;
    private final RetryPolicy retryPolicy;
    private final ParsedWebhooks parsed;
    private final String owner = "node_" + UUID.randomUUID();
    private final Duration lease;
    private final Map<String, EndpointLimit> endpoints = new ConcurrentHashMap<>();
    /** Claimed deliveries not finished yet, by id, with the end of their latest lease. */
    private final Map<String, Instant> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Integer> inFlightByTenant = new ConcurrentHashMap<>();
    /** Claimed deliveries whose endpoint has not answered yet, by webhook (waiting for a turn, or being sent). */
    private final Map<String, Integer> unsentByWebhook = new ConcurrentHashMap<>();
    private final ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Consumer<AttemptOutcome>> attemptListeners = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    /** The last claim left out tenants or webhooks that had enough in hand, and found less than a batch. */
    private volatile boolean heldBack;
    private volatile Thread loop;

    /**
     * @param emit records an operational event in a tenant ({@code endpoint.disabled}); the engine's
     *             {@code record}, so the outbox delivers it to the tenant's other endpoints
     * @param cipher opens the webhooks' stored secrets (once per stored value: see {@link ParsedWebhooks}); a
     *               secret it cannot open fails the attempt inside the worker, so the delivery waits for its lease
     *               to run out and is tried again, and the endpoint's record of failures is left alone
     */
    public DeliveryWorker(JdbcDeliveryStore store, DeliverySettings settings, Clock clock,
            BiConsumer<String, Event> emit, BackgroundHealth health, SecretCipher cipher) {
        this.store = Objects.requireNonNull(store, "store");
        this.health = Objects.requireNonNull(health, "health");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.emit = Objects.requireNonNull(emit, "emit");
        this.policy = settings.addressPolicy();
        this.parsed = new ParsedWebhooks(policy, cipher);
        WebhookSender plain = new WebhookSender(new GuardedResolver(policy)).withTimeout(settings.attemptTimeout())
                .withClock(clock);
        this.sender = settings.proxy().map(plain::withProxy).orElse(plain);
        this.retryPolicy = new RetryPolicy(settings.retrySchedule(), settings.endpointDisableAfter(),
                RandomGenerator.getDefault());
        this.lease = settings.attemptTimeout().plus(LEASE_MARGIN);
    }

    /** Observes every delivery attempt this worker makes (metrics); called on the attempt's thread. */
    @FunctionalInterface
    public interface AttemptListener {
        /** {@code result}: {@code delivered}, {@code rejected}, or the error class in lower case. */
        void attempted(String result, Duration latency);
    }

    public void onAttempt(AttemptListener listener) {
        Objects.requireNonNull(listener, "listener");
        attemptListeners.add(outcome -> listener.attempted(result(outcome), outcome.latency()));
    }

    /** Observes the outcome of every delivery attempt this worker makes (metrics); called on the attempt's thread. */
    public void onAttemptOutcome(Consumer<AttemptOutcome> listener) {
        attemptListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The lease owner this worker claims as: one per engine. */
    public String owner() {
        return owner;
    }

    public AddressPolicy addressPolicy() {
        return policy;
    }

    /** Starts the claiming loop; idempotent. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        loop = Thread.ofPlatform().name("postcard-delivery").daemon(true).start(this::run);
    }

    /**
     * Sends one sample event of {@code eventType} (a type or alias) to the webhook, now, and waits for the
     * outcome: a fresh {@code evt_} id, realistic data, top-level {@code "test": true}. Nothing is stored. An
     * URL that the address policy refuses comes back as a {@link ErrorClass#BLOCKED_ADDRESS} failure.
     *
     * @throws InvalidInputException when {@code eventType} names no event type
     * @throws dev.postcard.secrets.UnreadableSecretException when the webhook's secret does not open under the
     *                                                        keys this engine holds
     */
    public AttemptOutcome sendTest(Webhook webhook, String eventType) {
        EventType type = EventType.fromNameOrAlias(eventType)
                .orElseThrow(() -> new InvalidInputException("event_type", "unknown event type: " + eventType));
        Event sample = SampleEnvelopes.sample(type, webhook, clock.instant());
        return send(webhook, sample.id(), type, SampleEnvelopes.envelope(sample));
    }

    /** Claims at once instead of at the next poll: new deliveries were just committed. */
    public void wake() {
        Thread thread = loop;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        while (running) {
            int claimed = 0;
            try {
                if (inFlight.size() < MAX_IN_FLIGHT) {
                    claimed = claimAndDispatch();
                }
                health.passed(LOOP);
            } catch (RuntimeException e) {
                if (running) {
                    LOG.log(Level.WARNING, "claiming webhook deliveries failed; trying again", e);
                }
            } catch (Error e) {
                // Not left dead: owed deliveries would wait for a restart while everything else looked well.
                LOG.log(Level.ERROR, "the webhook delivery loop failed; it runs again", e);
                health.failed(LOOP, e);
                if (!BackgroundHealth.pauseAfterFailure()) {
                    return;
                }
            }
            if (claimed < BATCH) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(IDLE_POLL_MILLIS));
            }
        }
    }

    private int claimAndDispatch() {
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(lease);
        Set<String> saturated = new HashSet<>();
        inFlightByTenant.forEach((tenant, count) -> {
            if (count >= MAX_IN_FLIGHT_PER_TENANT) {
                saturated.add(tenant);
            }
        });
        Set<String> fullWebhooks = new HashSet<>();
        unsentByWebhook.forEach((webhook, count) -> {
            if (count >= Math.max(MIN_CLAIMED_PER_WEBHOOK, CLAIMED_PER_TURN * concurrency(webhook).limit())) {
                fullWebhooks.add(webhook);
            }
        });
        List<ClaimedDelivery> due = store.claimDue(owner, now, lease, BATCH, saturated, fullWebhooks);
        // Left out some of what is due: the next finished attempt makes room, and claims again at once.
        heldBack = due.size() < BATCH && !(saturated.isEmpty() && fullWebhooks.isEmpty());
        for (ClaimedDelivery claimed : due) {
            // A delivery still waiting here from an earlier lease takes the new one; it is not started twice.
            if (inFlight.put(claimed.delivery().id(), leaseUntil) == null) {
                inFlightByTenant.merge(claimed.delivery().tenantId(), 1, Integer::sum);
                unsentByWebhook.merge(claimed.delivery().webhookId(), 1, Integer::sum);
                attempts.execute(() -> attemptWhenEndpointFree(claimed));
            }
        }
        return due.size();
    }

    /**
     * The delivery's endpoint has answered (or it will not be sent now): it no longer counts against the webhook's
     * claims ahead, though its record may still be on its way. Called once per claimed delivery.
     */
    private void answered(ClaimedDelivery claimed) {
        unsentByWebhook.computeIfPresent(claimed.delivery().webhookId(), (webhook, count) -> count > 1 ? count - 1 : null);
        wakeIfHeldBack();
    }

    private void finished(ClaimedDelivery claimed) {
        inFlight.remove(claimed.delivery().id());
        inFlightByTenant.computeIfPresent(claimed.delivery().tenantId(), (tenant, count) -> count > 1 ? count - 1 : null);
        wakeIfHeldBack();
    }

    private void wakeIfHeldBack() {
        if (heldBack) {
            heldBack = false;
            wake();
        }
    }

    private EndpointLimit limit(String webhookId) {
        return endpoints.computeIfAbsent(webhookId,
                id -> new EndpointLimit(settings.endpointConcurrency(), EndpointLimit.DEFAULT_CEILING));
    }

    /** The endpoint's concurrency limit on this node and its attempts running now; the starting limit if none ran. */
    public EndpointLimit.Snapshot concurrency(String webhookId) {
        EndpointLimit limit = endpoints.get(webhookId);
        return limit != null ? limit.snapshot()
                : new EndpointLimit.Snapshot(Math.min(settings.endpointConcurrency(), EndpointLimit.DEFAULT_CEILING), 0);
    }

    private void attemptWhenEndpointFree(ClaimedDelivery claimed) {
        String deliveryId = claimed.delivery().id();
        EndpointLimit endpoint = limit(claimed.webhook().id());
        Optional<EndpointLimit.Permit> permit = Optional.empty();
        try {
            while (permit.isEmpty() && running) {
                permit = endpoint.acquire(Duration.ofSeconds(1)); // a turn at a time, to see whether we are closing
            }
        } catch (InterruptedException e) {
            // closing: the lease runs out and the delivery is claimed again
        }
        if (permit.isEmpty()) {
            answered(claimed);
            finished(claimed);
            return;
        }
        // The endpoint's turn ends with its answer: recording the attempt does not hold up the next one.
        EndpointLimit.Permit turn = permit.get();
        AtomicBoolean turnEnded = new AtomicBoolean();
        Consumer<AttemptOutcome> answered = outcome -> {
            if (turnEnded.compareAndSet(false, true)) {
                endpoint.finish(turn, EndpointLimit.Signal.of(outcome), outcome.latency());
                answered(claimed);
            }
        };
        try {
            Instant leaseUntil = inFlight.get(deliveryId);
            // Closing, or too little lease left for a whole attempt: left to the lease, claimed again later.
            if (running && leaseUntil != null && clock.instant().plus(settings.attemptTimeout()).plusSeconds(5).isBefore(leaseUntil)) {
                attempt(claimed, answered);
            }
        } catch (RuntimeException | Error e) {
            // An Error here ends only this attempt's virtual thread; the lease runs out and it is tried again.
            LOG.log(Level.WARNING, "webhook delivery " + deliveryId + " failed inside the worker; its lease will run out", e);
        } finally {
            if (turnEnded.compareAndSet(false, true)) {
                endpoint.release(turn);
                answered(claimed);
            }
            finished(claimed);
        }
    }

    private void attempt(ClaimedDelivery claimed, Consumer<AttemptOutcome> answered) {
        Delivery delivery = claimed.delivery();
        Webhook webhook = claimed.webhook();
        Instant attemptedAt = clock.instant();
        AttemptOutcome outcome = send(webhook, delivery.eventId(), claimed.eventType(),
                claimed.envelope().getBytes(StandardCharsets.UTF_8));
        answered.accept(outcome);
        DeliveryAttempt attempt = logged(delivery, attemptedAt, outcome);
        notifyListeners(outcome);
        int status = attempt.statusCode().orElse(0);
        Optional<Duration> retryAfter = outcome instanceof AttemptOutcome.Rejected rejected
                ? rejected.retryAfter() : Optional.empty();
        DeliveryDecision decision = retryPolicy.decide(status, retryAfter, delivery.attempts() + 1, clock.instant(),
                webhook.failingSince());
        if (!store.recordAttempt(owner, attempt, decision.outcome())) {
            LOG.log(Level.INFO, "webhook delivery {0}: lease lost before the attempt was recorded", delivery.id());
            return;
        }
        decision.disableEndpoint().ifPresent(reason -> disable(webhook, reason));
    }

    private void notifyListeners(AttemptOutcome outcome) {
        for (Consumer<AttemptOutcome> listener : attemptListeners) {
            try {
                listener.accept(outcome);
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "delivery attempt listener failed", e);
            }
        }
    }

    private static String result(AttemptOutcome outcome) {
        return switch (outcome) {
            case AttemptOutcome.Delivered d -> "delivered";
            case AttemptOutcome.Rejected r -> "rejected";
            case AttemptOutcome.Failed f -> f.errorClass().name().toLowerCase(Locale.ROOT);
        };
    }

    private AttemptOutcome send(Webhook webhook, String eventId, EventType type, byte[] body) {
        EndpointUrl url;
        try {
            url = parsed.url(webhook.url());
        } catch (PostcardException e) {
            return new AttemptOutcome.Failed(ErrorClass.BLOCKED_ADDRESS, e.getMessage(), Duration.ZERO);
        }
        return sender.send(url, signer(webhook), eventId, type.wireName(), body);
    }

    private WebhookSigner signer(Webhook webhook) {
        List<SecretCell> secrets = new ArrayList<>(2);
        secrets.add(new SecretCell(WebhookSecrets.currentSlot(webhook.tenantId(), webhook.id()), webhook.secret()));
        webhook.previousSecret()
                .filter(previous -> webhook.previousSecretUntil().map(clock.instant()::isBefore).orElse(false))
                .ifPresent(previous -> secrets.add(new SecretCell(
                        WebhookSecrets.previousSlot(webhook.tenantId(), webhook.id()), previous)));
        return parsed.signer(secrets);
    }

    private void disable(Webhook webhook, String reason) {
        if (!store.disableWebhook(webhook.tenantId(), webhook.id(), reason)) {
            return; // another node disabled it first and emits the event
        }
        LOG.log(Level.WARNING, "webhook {0} of tenant {1} disabled: {2}", webhook.id(), webhook.tenantId(), reason);
        ObjectNode data = EventCodec.MAPPER.createObjectNode();
        data.put("webhook_id", webhook.id());
        data.put("url", webhook.url());
        data.put("reason", reason);
        emit.accept(webhook.tenantId(), new Event(IdPrefix.EVENT.newId(), EventType.ENDPOINT_DISABLED, clock.instant(), data));
    }

    private static DeliveryAttempt logged(Delivery delivery, Instant attemptedAt, AttemptOutcome outcome) {
        return switch (outcome) {
            case AttemptOutcome.Delivered d -> new DeliveryAttempt(0, delivery.id(), delivery.tenantId(),
                    delivery.webhookId(), attemptedAt, OptionalInt.of(d.status()), d.latency(), Optional.of(d.excerpt()),
                    Optional.empty(), Optional.empty());
            case AttemptOutcome.Rejected r -> new DeliveryAttempt(0, delivery.id(), delivery.tenantId(),
                    delivery.webhookId(), attemptedAt, OptionalInt.of(r.status()), r.latency(), Optional.of(r.excerpt()),
                    Optional.empty(), Optional.of("the endpoint answered " + r.status()));
            case AttemptOutcome.Failed f -> new DeliveryAttempt(0, delivery.id(), delivery.tenantId(),
                    delivery.webhookId(), attemptedAt, OptionalInt.empty(), f.latency(), Optional.empty(),
                    Optional.of(f.errorClass().name().toLowerCase(Locale.ROOT)), Optional.of(f.message()));
        };
    }

    /**
     * Stops claiming, lets running attempts finish (at most one attempt timeout), then abandons the rest to
     * their leases. Call before the store closes.
     */
    @Override
    public void close() {
        Thread stopping;
        synchronized (this) {
            running = false;
            stopping = loop;
            loop = null;
        }
        if (stopping != null) {
            LockSupport.unpark(stopping);
            try {
                stopping.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        attempts.shutdown();
        try {
            if (!attempts.awaitTermination(settings.attemptTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                attempts.shutdownNow();
            }
        } catch (InterruptedException e) {
            attempts.shutdownNow();
            Thread.currentThread().interrupt();
        }
        sender.closeIdleConnections(); // receivers see the connections end with the engine, not 4 s later
    }
}
