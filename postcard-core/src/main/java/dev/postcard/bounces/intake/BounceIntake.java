package dev.postcard.bounces.intake;

import dev.postcard.Postcard;
import dev.postcard.bounces.BounceClassifier;
import dev.postcard.bounces.Classification;
import dev.postcard.event.AppendResult;
import dev.postcard.event.Event;
import dev.postcard.event.Message;
import dev.postcard.providers.Sources;
import dev.postcard.storage.Store;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Takes one returned mail (from the bounce mailbox or the SMTP listener) to durable events: classify, tie it to
 * the message it is about, record. Event ids are derived from the mail, so receiving it again stores nothing
 * twice: a mailbox poll or an SMTP retry after a crash is safe.
 */
public final class BounceIntake {
    private static final Logger LOG = Logger.getLogger(BounceIntake.class.getName());
    /** The {@code data.provider} of events from bounce mail, and the provider whose message ids are Message-IDs. */
    public static final String PROVIDER = "smtp";

    /** Where events go; {@link Postcard#record(String, List)} in the server. Durable when it returns. */
    @FunctionalInterface
    public interface EventSink {
        List<AppendResult> record(String tenantId, List<Event> events);
    }

    private final BounceClassifier classifier;
    private final EventSink sink;
    private final Clock clock;
    private final Set<String> bounceDomains;
    private final Correlator correlator;

    /**
     * @param store         where messages are looked up (in any tenant)
     * @param bounceDomains the domains of VERP return paths, lower case; empty accepts a VERP address at any domain
     */
    public BounceIntake(BounceClassifier classifier, Store store, EventSink sink, Clock clock,
                        Collection<String> bounceDomains) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        Set<String> domains = new LinkedHashSet<>();
        bounceDomains.forEach(d -> domains.add(d.strip().toLowerCase(Locale.ROOT)));
        this.bounceDomains = Set.copyOf(domains);
        this.correlator = new Correlator(store, this.bounceDomains);
    }

    /** The intake of an engine: its store, its recorder, its clock. */
    public static BounceIntake of(Postcard postcard, BounceClassifier classifier, Collection<String> bounceDomains) {
        return new BounceIntake(classifier, postcard.store(), postcard::record, postcard.clock(), bounceDomains);
    }

    public Set<String> bounceDomains() {
        return bounceDomains;
    }

    /**
     * Classifies and records one returned mail; when this returns, its events are durable.
     *
     * @param raw               the whole RFC 5322 message as received
     * @param envelopeRecipient the SMTP {@code RCPT TO} it came to, when known (the VERP return path)
     * @throws RuntimeException when the events could not be stored: the caller must keep the mail and try again
     */
    public BounceReceipt receive(byte[] raw, Optional<String> envelopeRecipient) {
        Classification classification = classifier.classify(raw);
        BounceHeaders headers = BounceHeaders.read(raw);
        if (!stores(classification)) {
            return new BounceReceipt(classification.kind(), Sources.DEFAULT_TENANT, Optional.empty(),
                    Correlation.By.NONE, List.of());
        }
        Correlation correlation = correlator.correlate(classification, envelopeRecipient, headers);
        String tenantId = correlation.message().map(Message::tenantId).orElse(Sources.DEFAULT_TENANT);
        Optional<String> emailId = correlation.message().map(Message::id);
        String bounceKey = headers.messageId().map(id -> "message-id:" + id).orElseGet(() -> "sha-256:" + sha256(raw));
        Instant now = clock.instant();
        // The bounce's own Date is when the failure was reported; a date from the future is not believed.
        Instant at = headers.date().filter(d -> !d.isAfter(now)).orElse(now);
        Instant idTime = headers.date().orElse(Instant.EPOCH);
        List<Event> events = new BounceEvents(classification, correlation, bounceKey, idTime, at, clock).events();
        List<AppendResult> results = events.isEmpty() ? List.of() : sink.record(tenantId, events);
        BounceReceipt receipt = new BounceReceipt(classification.kind(), tenantId, emailId, correlation.by(), results);
        LOG.fine(() -> "bounce mail: " + classification.kind().wireName() + ", correlated by " + correlation.by()
                + ", " + receipt.stored() + " stored, " + receipt.duplicates() + " already stored");
        return receipt;
    }

    private static boolean stores(Classification classification) {
        return switch (classification.kind()) {
            case BOUNCE, COMPLAINT -> true;
            case AUTO_REPLY, DELIVERY_REPORT, NONE -> false;
        };
    }

    private static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
