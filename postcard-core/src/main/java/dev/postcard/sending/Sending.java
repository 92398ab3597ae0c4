package dev.postcard.sending;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.ConflictException;
import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.UnprocessableException;
import dev.postcard.engine.BackgroundHealth;
import dev.postcard.engine.Pruner;
import dev.postcard.engine.Recorder;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.storage.JdbcStore;
import dev.postcard.suppression.Suppressions;
import dev.postcard.templates.TemplateRenderer;
import dev.postcard.tracking.Tracking;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sending ({@code POST /v1/emails}): accepts a send into the queue in one transaction (accepted means stored),
 * cancels a waiting copy, and tells where a copy stands. The {@link SendWorker} hands the copies over.
 */
public final class Sending implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Sending.class.getName());
    /** How long an {@code Idempotency-Key} brings back its first answer. */
    public static final Duration KEY_KEPT = Duration.ofHours(24);
    /** How far ahead {@code send_at} may be. */
    public static final Duration LONGEST_SCHEDULE = Duration.ofDays(30);
    private static final Pattern KEY = Pattern.compile("[\\x20-\\x7E]{1,255}");

    private final SendStore store;
    private final SendAnnouncer announcer;
    private final Optional<SendWorker> worker;
    private final SendTransports transports;
    private final boolean workerEnabled;
    private final SendContents contents;
    private final Suppressions suppressions;
    private final Clock clock;

    private Sending(SendStore store, SendAnnouncer announcer, Optional<SendWorker> worker,
                    SendTransports transports, boolean workerEnabled, Optional<TemplateRenderer> templates,
                    Suppressions suppressions, Clock clock) {
        this.store = store;
        this.announcer = announcer;
        this.worker = worker;
        this.transports = transports;
        this.workerEnabled = workerEnabled;
        this.contents = new SendContents(templates);
        this.suppressions = suppressions;
        this.clock = clock;
    }

    /**
     * Wires sending on the engine's store. Without a transport every send is refused; without a template renderer
     * every send naming a template is. Each tenant sends through the transports {@code choices} names for it, or
     * through all of them in their order. The engine closes the transports when it closes.
     *
     * @param transports each with a name of its own
     * @throws IllegalArgumentException when two transports have one name
     */
    public static Sending create(JdbcStore engineStore, Recorder recorder, Tracking tracking, Suppressions suppressions,
                                 SendSettings settings, List<Transport> transports, TransportChoices choices,
                                 Optional<TemplateRenderer> templates, Clock clock, BackgroundHealth health) {
        SendStore store = new SendStore(engineStore.database());
        SendAnnouncer announcer = new SendAnnouncer(store, recorder);
        SendTransports configured = new SendTransports(transports, choices);
        Optional<SendWorker> worker = configured.any() ? Optional.of(new SendWorker(store, announcer, configured,
                new CopyComposer(tracking, settings.bounceDomain()), suppressions, settings, clock, health))
                : Optional.empty();
        return new Sending(store, announcer, worker, configured, settings.workerEnabled(), templates, suppressions,
                clock);
    }

    /** Whether a transport is configured; without one every send is refused. */
    public boolean configured() {
        return transports.any();
    }

    /** The names of the configured transports, in their order: what a tenant's {@code send_transports} may name. */
    public List<String> transportNames() {
        return transports.names();
    }

    /**
     * Refuses when the tenant cannot send from this engine: no transport is configured, or the tenant chose
     * transports of which none is configured here.
     *
     * @throws SendingNotConfiguredException saying which
     */
    public void requireTransportFor(String tenantId) {
        if (!transports.any()) {
            throw new SendingNotConfiguredException();
        }
        transports.unavailableChoice(tenantId).ifPresent(names -> {
            throw new SendingNotConfiguredException("sending is not configured for this tenant: none of its"
                    + " send_transports (" + String.join(", ", names) + ") is configured on this engine; change the"
                    + " tenant's send_transports or configure them");
        });
    }

    /**
     * Accepts a send: every recipient gets a copy with its own {@code email_id}; an invalid or suppressed address is
     * dropped ({@code email.dropped}) and never handed over. With an idempotency key, the same key and the same
     * request within {@link #KEY_KEPT} answers what the first did, and stores nothing more.
     *
     * @throws SendingNotConfiguredException when no transport is configured, or none the tenant chose
     * @throws InvalidInputException         naming {@code Idempotency-Key} when the key is malformed
     * @throws ConflictException             naming {@code Idempotency-Key} when the key was used with another body
     * @throws UnprocessableException        naming the field a rule refuses
     */
    public SendAnswer send(String tenantId, SendRequest request, Optional<String> idempotencyKey) {
        requireTransportFor(tenantId);
        Optional<String> key = idempotencyKey.map(Sending::checkKey);
        String hash = SendFingerprint.of(request);
        Instant now = clock.instant();
        if (key.isPresent()) {
            Optional<SendRows.KeyUse> use = store.keyUse(tenantId, key.get(), now);
            if (use.isPresent()) {
                return replay(use.get(), hash);
            }
        }
        checkTagsAndMetadata(request);
        Optional<Instant> sendAt = request.sendAt().filter(at -> at.isAfter(now));
        if (sendAt.isPresent() && sendAt.get().isAfter(now.plus(LONGEST_SCHEDULE))) {
            throw new UnprocessableException("send_at", "send_at is at most " + LONGEST_SCHEDULE.toDays()
                    + " days ahead");
        }
        StoredSend send = contents.of(tenantId, request, sendAt, now);
        List<PlannedRecipient> plan = RecipientPlan.of(request.recipients(), sendAt.isPresent(),
                addresses -> suppressions.suppressedAmong(tenantId, addresses));
        SendAnswer answer = new SendAnswer(plan.stream().map(p -> new SendAnswer.Recipient(p.emailId(),
                p.recipient(), p.status(), p.dropReason())).toList(), sendAt, false);
        Optional<SendRows.KeyUse> taken = store.accept(send, plan, sendAt.orElse(now), key, now.plus(KEY_KEPT), hash,
                answer.toJson().toString());
        if (taken.isPresent()) {
            return replay(taken.get(), hash);
        }
        if (plan.stream().anyMatch(p -> p.status() == SendStatus.DROPPED)) {
            announceDrops(tenantId, send.id());
        }
        worker.ifPresent(SendWorker::wake);
        return answer;
    }

    /**
     * Cancels a copy that waits (queued or scheduled, not being handed over): {@code email.canceled}.
     *
     * @throws NotFoundException when the tenant has no such copy
     * @throws ConflictException when it is being handed over or already went out
     */
    public SendState cancel(String tenantId, String emailId) {
        SendStore.Canceling result = store.cancel(tenantId, emailId, clock.instant());
        RecipientRow row = result.row().orElseThrow(() -> new NotFoundException("no email '" + emailId + "'"));
        if (!result.canceled()) {
            throw new ConflictException("id", "email '" + emailId + "' is " + row.status().wireName()
                    + "; only a queued or scheduled email that is not being handed over can be canceled");
        }
        announcer.announce(List.of(row));
        return SendState.of(row);
    }

    /** Where the tenant's copy stands, if it was sent through this queue. */
    public Optional<SendState> find(String tenantId, String emailId) {
        return store.find(tenantId, emailId).map(SendState::of);
    }

    /** The queue's share of the engine's retention pass. */
    public Pruner.Sends retention() {
        return store;
    }

    /** The worker, for this package's tests: they run its passes on their own thread. */
    SendWorker worker() {
        return worker.orElseThrow();
    }

    /**
     * Starts handing over, when a transport is configured and the worker is enabled; the first pass announces what
     * a crash left unannounced.
     */
    public void start() {
        if (workerEnabled) {
            worker.ifPresent(SendWorker::start);
        }
    }

    /** Stops handing over after the copies under way have their outcomes stored, then closes the transports. */
    @Override
    public void close() {
        worker.ifPresent(SendWorker::close);
        transports.close();
    }

    private SendAnswer replay(SendRows.KeyUse use, String hash) {
        if (!use.bodyHash().equals(hash)) {
            throw new ConflictException("Idempotency-Key", "this Idempotency-Key was used with another request body");
        }
        return SendAnswer.fromStoredJson(use.answer(), true);
    }

    private void announceDrops(String tenantId, String sendId) {
        try {
            announcer.announce(store.unrecordedOfSend(tenantId, sendId));
        } catch (RuntimeException e) {
            // The send is stored and answered; the worker's sweep announces the drops.
            LOG.log(System.Logger.Level.WARNING, "announcing the drops of send " + sendId + " failed; the sweep retries: " + e);
        }
    }

    private static String checkKey(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new InvalidInputException("Idempotency-Key", "Idempotency-Key must be 1 to 255 printable ASCII characters");
        }
        return key;
    }

    /** Tags and metadata travel into every event of the send, so they meet the event rules now. */
    private void checkTagsAndMetadata(SendRequest request) {
        ObjectNode envelope = EventCodec.MAPPER.createObjectNode();
        envelope.put("type", EventType.EMAIL_SENT.wireName());
        ObjectNode data = envelope.putObject("data");
        ArrayNode tags = data.putArray("tags");
        request.tags().forEach(tags::add);
        data.set("metadata", request.metadata());
        try {
            EventCodec.fromInput(envelope, clock);
        } catch (InvalidInputException e) {
            throw new UnprocessableException(e.field().replaceFirst("^data\\.", ""), e.getMessage().replace("data.", ""));
        }
    }
}
