package dev.postcard.delivery;

import dev.postcard.ConflictException;
import dev.postcard.NotFoundException;
import dev.postcard.Page;
import dev.postcard.engine.Pruner;
import dev.postcard.event.EventType;
import dev.postcard.secrets.SecretTable;
import dev.postcard.storage.AppendStep;
import dev.postcard.storage.Database;
import dev.postcard.storage.JdbcStore;
import dev.postcard.storage.WriteTurns;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Webhooks, their deliveries and the log of attempts, in the database of a {@link JdbcStore}. Everything is
 * scoped by tenant: another tenant's id behaves as an id that does not exist. Several nodes may share one
 * PostgreSQL database; {@link #claimDue} leases each due delivery to one of them at a time.
 *
 * <p>Register {@link #outboxStep()} on the store before its first append, so each stored event gets its
 * deliveries in its own transaction.
 */
public final class JdbcDeliveryStore implements Pruner.Deliveries {
    /** How long another node's webhook changes may go unseen by the outbox of this one. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(2);

    private final Database database;
    private final Clock clock;
    private final EnabledWebhooks enabled;
    private final OutboxStep outbox;
    private final FairClaims claims = new FairClaims();
    private final AttemptBatches attempts;

    public JdbcDeliveryStore(JdbcStore store) {
        this(store, Clock.systemUTC(), DEFAULT_CACHE_TTL);
    }

    public JdbcDeliveryStore(JdbcStore store, Clock clock, Duration cacheTtl) {
        Objects.requireNonNull(store, "store");
        this.database = store.database();
        this.clock = Objects.requireNonNull(clock, "clock");
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("cacheTtl cannot be negative");
        }
        this.enabled = new EnabledWebhooks(clock, cacheTtl);
        this.outbox = new OutboxStep(enabled, clock);
        this.attempts = new AttemptBatches(database, clock);
    }

    /** The step that writes the deliveries of each appended event; add it with {@link JdbcStore#addAppendStep}. */
    public AppendStep outboxStep() {
        return outbox;
    }

    /** The webhooks' signing secrets, for {@link dev.postcard.secrets.StoredSecrets}. */
    public static SecretTable secretTable() {
        return WebhookSecretRows.INSTANCE;
    }

    /** Events a replay owes again per transaction. */
    static final int REPLAY_CHUNK = 1000;

    /** Every webhook of a tenant is tried for every event it records: their number is bounded. */
    public static final int MAX_WEBHOOKS_PER_TENANT = 100;

    public void createWebhook(Webhook webhook) {
        Objects.requireNonNull(webhook, "webhook");
        boolean created = database.read("create webhook",
                c -> WebhookRows.insert(c, webhook, MAX_WEBHOOKS_PER_TENANT));
        enabled.invalidate();
        if (!created) {
            if (database.read("count webhooks", c -> WebhookRows.count(c, webhook.tenantId())) >= MAX_WEBHOOKS_PER_TENANT) {
                throw new ConflictException("", "the tenant has " + MAX_WEBHOOKS_PER_TENANT + " webhooks, the most it"
                        + " may have; delete one first");
            }
            throw new ConflictException("id", "webhook " + webhook.id() + " already exists");
        }
    }

    public Optional<Webhook> findWebhook(String tenantId, String webhookId) {
        return database.read("find webhook", c -> WebhookRows.find(c, tenantId, webhookId));
    }

    /** Oldest first. */
    public Page<Webhook> listWebhooks(String tenantId, Optional<String> cursor, int limit) {
        Page.requireLimit(limit);
        return database.read("list webhooks", c -> WebhookRows.list(c, tenantId, cursor, limit));
    }

    /** Replaces the webhook's fields (not its id, tenant or creation time); false when the tenant has no such webhook. */
    public boolean updateWebhook(Webhook webhook) {
        Objects.requireNonNull(webhook, "webhook");
        boolean updated = database.read("update webhook", c -> WebhookRows.update(c, webhook));
        enabled.invalidate();
        return updated;
    }

    /**
     * Disables an enabled webhook with the reason shown to users (a {@code 410 Gone}, days without a success);
     * its pending deliveries wait until it is enabled again. False when the tenant has no such enabled webhook,
     * so of several nodes deciding together exactly one is told it disabled the webhook (and emits the event).
     */
    public boolean disableWebhook(String tenantId, String webhookId, String reason) {
        Objects.requireNonNull(reason, "reason");
        long now = clock.millis();
        boolean disabled = database.read("disable webhook",
                c -> WebhookRows.disable(c, tenantId, webhookId, reason, now));
        enabled.invalidate();
        return disabled;
    }

    /** Deletes the webhook, its deliveries and their attempts; false when the tenant has no such webhook. */
    public boolean deleteWebhook(String tenantId, String webhookId) {
        boolean deleted = database.transaction("delete webhook", c -> WebhookRows.delete(c, tenantId, webhookId));
        enabled.invalidate();
        return deleted;
    }

    /** The tenant's enabled webhooks, read now (not from the outbox's memory). */
    public List<Webhook> enabledFor(String tenantId) {
        return database.read("list enabled webhooks", c -> WebhookRows.enabled(c, tenantId));
    }

    /**
     * Leases up to {@code max} deliveries that are pending, due by {@code now} and not leased (or whose lease
     * ran out) to {@code owner} until {@code now + lease}. A delivery is leased to one owner at a time, however
     * many nodes claim together. Deliveries of disabled webhooks wait. Tenants share each claim, and a tenant's
     * webhooks share its part: every tenant and webhook that owes deliveries gets its share, oldest due first,
     * whatever another's backlog (see {@link FairClaims}).
     */
    public List<ClaimedDelivery> claimDue(String owner, Instant now, Duration lease, int max) {
        return claimDue(owner, now, lease, max, Set.of(), Set.of());
    }

    /**
     * {@link #claimDue(String, Instant, Duration, int)} leaving out the tenants of {@code skipTenants} and the
     * webhooks of {@code skipWebhooks}: those the caller has enough of in hand.
     */
    public List<ClaimedDelivery> claimDue(String owner, Instant now, Duration lease, int max, Set<String> skipTenants,
                                          Set<String> skipWebhooks) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(skipTenants, "skipTenants");
        Objects.requireNonNull(skipWebhooks, "skipWebhooks");
        Page.requireLimit(max);
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive");
        }
        long at = now.toEpochMilli();
        long until = now.plus(lease).toEpochMilli();
        // On SQLite the transaction begins IMMEDIATE (see Database) in the background lane, ahead of the rest of the
        // background (new events wait on claims): claims yield to requests, attempt records and imports to claims.
        // A lease lost to a power cut only means the delivery is claimed again: its commit is not flushed.
        return database.transaction(WriteTurns.Lane.BACKGROUND_FIRST, Database.Durability.DEFERRED, "claim deliveries",
                c -> DeliveryRows.claimed(c, claims.lease(c, database.dialect(), owner, at, until, max, skipTenants,
                        skipWebhooks)));
    }

    /** The deliveries due at {@code now} and not sent yet, by tenant (one query; see {@link DueDeliveries}). */
    public DueDeliveries due(Instant now) {
        return new DueDeliveries(now, database.read("count due deliveries", c -> DeliveryRows.due(c, now.toEpochMilli())));
    }

    /**
     * Logs an attempt and moves its delivery to the outcome, releasing the lease, and notes the result on the
     * webhook (a success clears its failing streak, a failure starts one). All or nothing, and only while
     * {@code owner} holds the lease: false, with nothing written, when it expired and another owner claimed the
     * delivery (or the delivery is no longer pending). Attempts that finish together are written in one
     * transaction, each still all or nothing.
     */
    public boolean recordAttempt(String owner, DeliveryAttempt attempt, DeliveryOutcome outcome) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(outcome, "outcome");
        DeliveryStatus status = switch (outcome) {
            case DeliveryOutcome.Succeeded s -> DeliveryStatus.SUCCEEDED;
            case DeliveryOutcome.RetryAt r -> DeliveryStatus.PENDING;
            case DeliveryOutcome.Failed f -> DeliveryStatus.FAILED;
        };
        long nextAttemptAt = outcome instanceof DeliveryOutcome.RetryAt retry
                ? retry.nextAttemptAt().toEpochMilli() : attempt.attemptedAt().toEpochMilli();
        // Shares a transaction with the attempts that finish at the same time (AttemptBatches).
        return attempts.record(owner, attempt, status, nextAttemptAt);
    }

    @Override
    public int pruneDeliveries(Instant cutoff, int max) {
        return database.transaction(WriteTurns.Lane.BACKGROUND, "prune old deliveries",
                c -> DeliveryRetention.pruneDeliveries(c, cutoff, max));
    }

    @Override
    public int pruneAttempts(Instant cutoff, int max) {
        return database.transaction(WriteTurns.Lane.BACKGROUND, "prune old delivery attempts",
                c -> DeliveryRetention.pruneAttempts(c, cutoff, max));
    }

    public Optional<Delivery> findDelivery(String tenantId, String deliveryId) {
        return database.read("find delivery", c -> DeliveryRows.find(c, tenantId, deliveryId));
    }

    /** Newest first. */
    public Page<Delivery> listDeliveries(String tenantId, String webhookId, Optional<DeliveryStatus> status,
            Optional<String> cursor, int limit) {
        Page.requireLimit(limit);
        return database.read("list deliveries",
                c -> DeliveryRows.list(c, tenantId, webhookId, status, cursor, limit));
    }

    /** Oldest first; empty for a delivery the tenant does not have. */
    public List<DeliveryAttempt> listAttempts(String tenantId, String deliveryId) {
        return database.read("list delivery attempts", c -> DeliveryRows.attempts(c, tenantId, deliveryId));
    }

    /**
     * Puts a failed delivery back to pending, due now; its attempts so far stay counted and logged.
     *
     * @throws NotFoundException when the tenant has no such delivery
     * @throws ConflictException when the delivery has not failed
     */
    public Delivery retry(String tenantId, String deliveryId) {
        long now = clock.millis();
        return database.transaction("retry delivery", c -> {
            if (!DeliveryRows.retry(c, tenantId, deliveryId, now)) {
                Delivery delivery = DeliveryRows.find(c, tenantId, deliveryId).orElseThrow(
                        () -> new NotFoundException("delivery " + deliveryId + " does not exist"));
                throw new ConflictException("status", "delivery " + deliveryId + " is "
                        + delivery.status().wireName() + "; only a failed delivery can be retried");
            }
            return DeliveryRows.find(c, tenantId, deliveryId).orElseThrow();
        });
    }

    /**
     * Delivers again, as new pending deliveries due now, the tenant's events created in {@code [since, until)}
     * whose type is in {@code types} (empty: every type) and to which the webhook subscribes. An event that
     * already has a pending delivery to this webhook is skipped. Returns the number of deliveries created.
     *
     * @throws NotFoundException when the tenant has no such webhook
     */
    public int replay(String tenantId, String webhookId, Instant since, Instant until, Set<EventType> types) {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        Set<EventType> wanted = replayTypes(tenantId, webhookId, types);
        // A window may hold millions of events: a transaction per chunk, each yielding to requests.
        int created = 0;
        long afterSeq = 0;
        while (true) {
            long from = afterSeq;
            ReplayChunk chunk = database.transaction(WriteTurns.Lane.BACKGROUND, "replay deliveries", c -> {
                List<DeliveryRows.Owed> owed = DeliveryRows.replayable(c, tenantId, webhookId, since, until, wanted,
                        from, REPLAY_CHUNK);
                return new ReplayChunk(DeliveryRows.insertPending(c, owed, clock.millis()), owed.size(),
                        owed.isEmpty() ? from : owed.getLast().eventSeq());
            });
            created += chunk.inserted();
            if (chunk.found() < REPLAY_CHUNK) {
                return created;
            }
            afterSeq = chunk.lastSeq();
        }
    }

    /** How many deliveries {@link #replay} with these arguments would create now; nothing is changed. */
    public long countReplay(String tenantId, String webhookId, Instant since, Instant until, Set<EventType> types) {
        Set<EventType> wanted = replayTypes(tenantId, webhookId, types);
        return database.read("count replay", c -> DeliveryRows.countReplayable(c, tenantId, webhookId,
                Objects.requireNonNull(since, "since"), Objects.requireNonNull(until, "until"), wanted));
    }

    /** The webhook's types, narrowed to the given ones when there are any. */
    private Set<EventType> replayTypes(String tenantId, String webhookId, Set<EventType> types) {
        Webhook webhook = findWebhook(tenantId, webhookId).orElseThrow(
                () -> new NotFoundException("webhook " + webhookId + " does not exist"));
        Set<EventType> wanted = webhook.eventTypes();
        if (!types.isEmpty()) {
            wanted.retainAll(EnumSet.copyOf(types));
        }
        return wanted;
    }

    private record ReplayChunk(int inserted, int found, long lastSeq) {
    }
}
