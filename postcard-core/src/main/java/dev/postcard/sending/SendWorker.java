package dev.postcard.sending;

import dev.postcard.InvalidInputException;
import dev.postcard.engine.BackgroundHealth;
import dev.postcard.engine.BackgroundLoop;
import dev.postcard.event.DropReason;
import dev.postcard.suppression.Suppressions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * list again, instruments and composes each copy, hands it over, stores the outcome, then records its event.
 *
 * <p>The outcome is committed before the event and before the next claim, so a crash loses no answer already
 * stored. A crash between the transport's acceptance and that commit leaves the copy claimed without an outcome;
 * when the lease runs out it is handed over again: at most one duplicate per crash.
 */
final class SendWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SendWorker.class.getName());
    private static final String LOOP = "send queue";
    private static final Duration PERIOD = Duration.ofSeconds(1);

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
    private final int batch;
    private final Duration lease;
    // Each tenant's transport for the batch under way: read once per batch, before its hand-overs start.
    private volatile Map<String, Transport> routes = Map.of();

    SendWorker(SendStore store, SendAnnouncer announcer, SendTransports transports, CopyComposer composer,
               Suppressions suppressions, SendSettings settings, Clock clock, BackgroundHealth health) {
        this.store = store;
        this.announcer = announcer;
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
        // The last copy of a batch waits for its rate token before its own hand-over starts, then for its turn at
        // each paced transport it is tried on. Every configured transport counts, so no tenant's choice (some of
        // them, in any order) takes longer, and a live engine's copy is never taken from it.
        Transport every = transports.all().orElseThrow();
        this.lease = every.longestHandOver().plus(settings.lease())
                .plus(Duration.ofMillis(1000L * batch / settings.rate())).plus(every.longestWait(batch));
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
        do {
            Instant now = clock.instant();
            rows = store.lease(owner, now, now.plus(lease), batch);
            routes = transports.forTenants(rows.stream().map(RecipientRow::tenantId).distinct().toList());
            handOverAll(rows);
            claimed += rows.size();
        } while (rows.size() == batch && !stopping.getAsBoolean());
        return claimed;
    }

    private void handOverAll(List<RecipientRow> rows) {
        Map<String, Optional<StoredSend>> sends = new HashMap<>();
        List<Future<?>> running = new ArrayList<>(rows.size());
        try {
            for (RecipientRow row : rows) {
                Optional<StoredSend> send = sends.computeIfAbsent(row.tenantId() + "\n" + row.sendId(),
                        k -> store.send(row.tenantId(), row.sendId()));
                slots.acquire();
                running.add(threads.submit(() -> {
                    try {
                        handOver(send.orElseThrow(), row);
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Future<?> one : running) {
                awaitOne(one);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    private void handOver(StoredSend send, RecipientRow row) {
        StepResult step;
        if (suppressions.isSuppressed(row.tenantId(), row.recipient())) {
            step = StepResult.dropped(DropReason.SUPPRESSED.wireName(), clock.instant());
        } else {
            OutgoingMessage message;
            try {
                message = composer.compose(send, row);
            } catch (InvalidInputException e) {
                // Checked when the send was accepted; a copy that still cannot be built would fail every time.
                store.storeOutcome(owner, row, StepResult.failed("invalid_message", Optional.empty(), e.getMessage(),
                        clock.instant())).ifPresent(stored -> announcer.announce(List.of(stored)));
                return;
            }
            Transport transport = routes.get(row.tenantId());
            TransportResult result;
            try {
                bucket.take();
                result = transport.send(message);
            } catch (InterruptedException | ConfiguredTransport.Interrupted e) {
                Thread.currentThread().interrupt();
                return; // closing: the lease runs out and another pass takes the copy
            } catch (RuntimeException e) {
                // The transport's contract: an exception means the message itself cannot be sent.
                result = new TransportResult.PermanentFailure(transport.name(), String.valueOf(e.getMessage()),
                        "invalid_message");
            }
            step = results.of(result, message, row.attempts(), clock.instant());
        }
        store.storeOutcome(owner, row, step).ifPresent(stored -> announcer.announce(List.of(stored)));
    }

    /** Stops after the pass under way: every copy it claimed has its outcome stored. */
    @Override
    public void close() {
        loop.close();
        threads.close();
    }
}
