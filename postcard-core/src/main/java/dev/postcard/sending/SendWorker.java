package dev.postcard.sending;

import dev.postcard.engine.BackgroundHealth;
import dev.postcard.engine.BackgroundLoop;
import dev.postcard.event.DropReason;
import dev.postcard.suppression.Suppressions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * Hands due copies to the transport: claims them in batches with a lease (a copy whose engine died is claimed again
 * when its lease runs out), at most {@code concurrency} at once and {@code rate} per second, checks the suppression
 * list again and registers the copies' messages (a query and a transaction for each send's copies in the batch),
 * instruments and composes each copy, hands it over, stores the outcome, then records its event. Concurrent
 * hand-overs store their outcomes, and then record their events, in shared transactions ({@link GroupedCalls}).
 *
 * <p>The outcome is committed before the event and before the next claim, so a crash loses no answer already
 * stored. A crash between the transport's acceptance and that commit leaves the copy claimed without an outcome;
 * when the lease runs out it is handed over again: at most one duplicate per crash.
 */
final class SendWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SendWorker.class.getName());
    private static final String LOOP = "send queue";
    private static final Duration PERIOD = Duration.ofSeconds(1);
    /** How long a claimed copy may wait for its turn before it must renew its lease: never, unless relays are slow. */
    private static final Duration QUEUED = Duration.ofSeconds(30);

    private final SendStore store;
    private final SendAnnouncer announcer;
    private final SendTransports transports;
    private final CopyComposer composer;
    private final StepResults results;
    private final Suppressions suppressions;
    private final SendSettings settings;
    private final Clock clock;
    private final BackgroundLoop loop;
    private final BooleanSupplier stopping;
    private final TokenBucket bucket;
    private final Semaphore slots;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final String owner = "send-" + UUID.randomUUID();
    private final GroupedCalls<SendStore.NewOutcome, Optional<RecipientRow>> outcomes;
    private final GroupedCalls<RecipientRow, Boolean> announcements;
    private final int batch;
    private final Duration lease;
    private final Duration turn;

    SendWorker(SendStore store, SendAnnouncer announcer, SendTransports transports, CopyComposer composer,
               Suppressions suppressions, SendSettings settings, Clock clock, BackgroundHealth health) {
        this.store = store;
        this.announcer = announcer;
        this.outcomes = new GroupedCalls<>(stored -> store.storeOutcomes(owner, stored));
        this.announcements = new GroupedCalls<>(this::announce);
        this.transports = transports;
        this.composer = composer;
        this.results = new StepResults(settings);
        this.suppressions = suppressions;
        this.settings = settings;
        this.clock = clock;
        this.loop = new BackgroundLoop(LOOP, PERIOD, health, this::runPass);
        this.stopping = loop.stopping();
        this.bucket = new TokenBucket(settings.rate());
        this.slots = new Semaphore(settings.concurrency());
        this.batch = Math.min(200, Math.max(16, settings.concurrency() * 4));
        Transport every = transports.all().orElseThrow();
        // What one hand-over needs left of its lease when it starts: its own longest time, the rate tokens of the
        // hand-overs under way ahead of it (at each paced transport it may be tried on: every configured one
        // counts, so no tenant's choice takes longer), and the margin.
        this.turn = every.longestHandOver().plus(settings.lease())
                .plus(Duration.ofMillis(1000L * settings.concurrency() / settings.rate()))
                .plus(every.longestWait(settings.concurrency()));
        // A batch's lease adds its last copy's wait for its rate tokens and some time queued behind the batch's
        // other hand-overs; a copy that waited longer renews its lease before its own hand-over starts.
        this.lease = turn.plus(Duration.ofMillis(1000L * batch / settings.rate())).plus(every.longestWait(batch))
                .plus(QUEUED);
    }

    void start() {
        loop.start();
    }

    /** Asks for a pass soon: a send was accepted. */
    void wake() {
        loop.wake();
    }

    /**
     * Announces what a crash left unannounced, then hands over every copy due now, batch by batch; returns when
     * each copy it claimed has its outcome stored. Returns how many copies it claimed.
     */
    synchronized int runPass() {
        try {
            announcer.sweep();
        } catch (RuntimeException e) {
            // An outcome that cannot be announced now must not hold up the hand-overs; the next pass tries again.
            LOG.log(System.Logger.Level.WARNING, "announcing stored send outcomes failed; the next pass retries: " + e);
        }
        int claimed = 0;
        List<RecipientRow> rows;
        try {
            do {
                Instant now = clock.instant();
                rows = store.lease(owner, now, now.plus(lease), batch);
                List<Future<?>> running = new ArrayList<>(rows.size());
                startAll(rows, transports.forTenants(rows.stream().map(RecipientRow::tenantId).distinct().toList()),
                        running);
                // The next claim waits for this batch, so a pass ends with nothing of its own still in flight.
                for (Future<?> one : running) {
                    awaitOne(one);
                }
                claimed += rows.size();
            } while (rows.size() == batch && !stopping.getAsBoolean());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return claimed;
    }

    /**
     * Starts handing the batch over, each copy through its tenant's transports ({@code routes}, by tenant), as
     * slots free up; returns when the last has started.
     */
    private void startAll(List<RecipientRow> rows, Map<String, Transport> routes, List<Future<?>> running)
            throws InterruptedException {
        for (Map.Entry<SendKey, List<RecipientRow>> ofSend : bySend(rows).entrySet()) {
            Optional<Prepared> prepared;
            try {
                prepared = prepare(ofSend.getKey(), ofSend.getValue());
            } catch (RuntimeException e) {
                // The database failed us: these copies' leases run out and a later pass takes them again.
                LOG.log(System.Logger.Level.WARNING, "preparing the copies of send " + ofSend.getKey().sendId()
                        + " failed; they are taken again: " + e);
                continue;
            }
            if (prepared.isEmpty()) {
                continue; // pruned under a lease that ran out; nothing is left to hand over
            }
            Prepared ready = prepared.get();
            for (RecipientRow row : ofSend.getValue()) {
                slots.acquire();
                running.add(threads.submit(() -> {
                    Optional<RecipientRow> stored;
                    try {
                        stored = handOver(ready, row, routes.get(row.tenantId()));
                    } finally {
                        slots.release();
                    }
                    // Announced after the slot is free: waiting for a group's append must not hold up a hand-over.
                    stored.ifPresent(announcements::call);
                }));
            }
        }
    }

    private record SendKey(String tenantId, String sendId) {
    }

    /** A send made ready: its content, which claimed recipients are suppressed now, which copies cannot be registered. */
    private record Prepared(CopyComposer.PreparedSend send, Set<String> suppressed, Set<String> unregistered) {
    }

    private Optional<Prepared> prepare(SendKey key, List<RecipientRow> rows) {
        Optional<StoredSend> stored = store.send(key.tenantId(), key.sendId());
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Set<String> suppressed = suppressions.suppressedAmong(key.tenantId(),
                rows.stream().map(RecipientRow::recipient).toList());
        List<RecipientRow> sendable = rows.stream().filter(row -> !suppressed.contains(row.recipient())).toList();
        Set<String> unregistered = composer.register(stored.get(), sendable);
        return Optional.of(new Prepared(composer.prepare(stored.get()), suppressed, unregistered));
    }

    private static Map<SendKey, List<RecipientRow>> bySend(List<RecipientRow> rows) {
        Map<SendKey, List<RecipientRow>> bySend = new LinkedHashMap<>();
        for (RecipientRow row : rows) {
            bySend.computeIfAbsent(new SendKey(row.tenantId(), row.sendId()), k -> new ArrayList<>()).add(row);
        }
        return bySend;
    }

    private static void awaitOne(Future<?> handOver) throws InterruptedException {
        try {
            handOver.get();
        } catch (ExecutionException e) {
            // Storing the outcome failed: the lease runs out and the copy is claimed again. A stored outcome whose
            // event failed is announced by the next sweep.
            LOG.log(System.Logger.Level.WARNING, "a hand-over failed; its copy is taken again: " + e.getCause());
        }
    }

    /** Hands one copy over and stores its outcome; empty when the lease ran out meanwhile or it was interrupted. */
    private Optional<RecipientRow> handOver(Prepared ready, RecipientRow row, Transport transport) {
        StepResult step;
        if (ready.suppressed().contains(row.recipient())) {
            step = StepResult.dropped(DropReason.SUPPRESSED.wireName(), clock.instant());
        } else if (ready.unregistered().contains(row.emailId())) {
            // Checked when the send was accepted; a copy that still cannot be registered would fail every time.
            step = StepResult.failed("invalid_message", Optional.empty(), "the copy's message cannot be registered",
                    clock.instant());
        } else if (!holdsLongEnough(row)) {
            return Optional.empty(); // another engine took the copy after its lease ran out
        } else {
            OutgoingMessage message = composer.compose(ready.send(), row);
            TransportResult result;
            try {
                bucket.take();
                result = transport.send(message);
            } catch (InterruptedException | ConfiguredTransport.Interrupted e) {
                Thread.currentThread().interrupt();
                return Optional.empty(); // closing: the lease runs out and another pass takes the copy
            } catch (RuntimeException e) {
                // The transport's contract: an exception means the message itself cannot be sent.
                result = new TransportResult.PermanentFailure(transport.name(), String.valueOf(e.getMessage()),
                        "invalid_message");
            }
            step = results.of(result, message, row.attempts(), clock.instant());
        }
        return outcomes.call(new SendStore.NewOutcome(row, step));
    }

    /**
     * Records the events of stored outcomes, many in one append under load. A failure leaves them to the next
     * pass's sweep: the outcomes are stored.
     */
    private List<Boolean> announce(List<RecipientRow> stored) {
        try {
            announcer.announce(stored);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "announcing " + stored.size()
                    + " send outcomes failed; the next pass retries: " + e);
        }
        return java.util.Collections.nCopies(stored.size(), true);
    }

    /**
     * Whether this engine holds the copy long enough for its hand-over: a copy that waited for its turn behind the
     * batch's slow hand-overs has its lease renewed first (a write only for such copies), so no other engine takes
     * a copy that is being handed over.
     */
    private boolean holdsLongEnough(RecipientRow row) {
        Instant now = clock.instant();
        boolean enough = row.leaseUntil().map(until -> !now.plus(turn).isAfter(until)).orElse(false);
        return enough || store.renewLease(owner, row, now.plus(lease));
    }

    /** Stops after the pass under way: every copy it claimed has its outcome stored. */
    @Override
    public void close() {
        loop.close();
        threads.close();
    }
}
