package dev.postcard.providers;

import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.engine.Recorder;
import dev.postcard.event.AppendResult;
import dev.postcard.event.Event;
import dev.postcard.event.IdPrefix;
import dev.postcard.storage.Store;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Takes one provider webhook request from arrival to durable events: find the source, verify, parse, tie each
 * event to its message, derive stable ids, record them in one group commit.
 */
public final class ProviderIntake {
    /** How long a source read from the database is trusted before it is read again (deletions, other nodes). */
    private static final Duration SOURCE_TTL = Duration.ofSeconds(5);
    private static final int MAX_CACHED_SOURCES = 10_000;

    private final Providers providers;
    private final JdbcSourceStore sources;
    private final Store store;
    private final Recorder recorder;
    private final ProviderContext context;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public ProviderIntake(Providers providers, JdbcSourceStore sources, Store store, Recorder recorder,
                          ProviderContext context) {
        this.providers = providers;
        this.sources = sources;
        this.store = store;
        this.recorder = recorder;
        this.context = context;
        this.clock = context.clock();
    }

    /**
     * Receives a request for {@code provider}, at its source {@code sourceId} or, without one, at the default
     * tenant's first source of that provider.
     *
     * @throws NotFoundException             no such provider or source
     * @throws WebhookRejectedException      the signature, credentials or timestamp do not check out (401)
     * @throws InvalidInputException         the body is malformed, or no item of it could be used (400)
     * @throws SubscriptionConfirmationException a verified subscription could not be confirmed
     */
    public IntakeResult receive(String providerName, Optional<String> sourceId, WebhookRequest request) {
        Provider provider = providers.find(providerName)
                .orElseThrow(() -> new NotFoundException("no provider " + providerName));
        Verified source = source(provider, sourceId);
        source.verifier().verify(request, clock.instant());
        List<ParsedItem> items = provider.parser(source.source()).parse(request);

        Instant receivedAt = clock.instant();
        String tenantId = source.source().tenantId();
        String eventProvider = provider.eventProvider(source.source());
        Map<String, String> messageIds = messageIds(tenantId, provider, eventProvider, items);
        List<Event> events = new ArrayList<>();
        List<IntakeResult.ItemFailure> failed = new ArrayList<>();
        int ignored = 0;
        for (ParsedItem item : items) {
            switch (item) {
                case ParsedItem.Events parsed -> {
                    for (ProviderEvent event : parsed.events()) {
                        Optional<String> emailId = event.emailId().filter(IdPrefix.MESSAGE::matches)
                                .or(() -> event.providerMessageId().map(messageIds::get));
                        try {
                            events.add(EventAssembler.assemble(eventProvider, event, emailId,
                                    source.source().keepRaw(), receivedAt));
                        } catch (InvalidInputException e) {
                            failed.add(new IntakeResult.ItemFailure(parsed.index(), e.field(), e.getMessage()));
                        }
                    }
                }
                case ParsedItem.Failed f -> failed.add(new IntakeResult.ItemFailure(f.index(), f.field(), f.error()));
                case ParsedItem.Ignored i -> ignored++;
                case ParsedItem.ConfirmSubscription confirm -> {
                    confirm(source.source(), confirm);
                    ignored++;
                }
            }
        }
        if (events.isEmpty() && ignored == 0 && !failed.isEmpty()) {
            IntakeResult.ItemFailure first = failed.getFirst();
            throw new InvalidInputException(first.field(), first.error());
        }
        int stored = 0;
        int duplicates = 0;
        if (!events.isEmpty()) {
            for (AppendResult result : recorder.record(source.source().tenantId(), events)) {
                if (result.duplicate()) {
                    duplicates++;
                } else {
                    stored++;
                }
            }
        }
        source.verifier().accepted(request);
        return new IntakeResult(items.size(), stored, duplicates, ignored, failed);
    }

    /**
     * Checks that {@code provider} has the source a request is addressed to, before its body is read: a request
     * to no source is refused without holding its body in memory.
     *
     * @throws NotFoundException no such provider or source
     */
    public void requireSource(String providerName, Optional<String> sourceId) {
        Provider provider = providers.find(providerName)
                .orElseThrow(() -> new NotFoundException("no provider " + providerName));
        source(provider, sourceId);
    }

    /** Stops answering for a deleted source at once on this node (other nodes notice within 5 s). */
    public void forget(String sourceId) {
        verified.values().removeIf(v -> v.source().id().equals(sourceId));
    }

    private Verified source(Provider provider, Optional<String> sourceId) {
        // Keyed by provider too: a source answers only under its own provider's address.
        String key = provider.name() + "/" + sourceId.orElse("");
        Instant now = clock.instant();
        Verified cached = verified.get(key);
        if (cached != null && now.isBefore(cached.readAt().plus(SOURCE_TTL))) {
            return cached;
        }
        Optional<Source> found = sourceId.isPresent()
                ? sourceId.filter(IdPrefix.SOURCE::matches).flatMap(sources::findAnyTenant)
                        .filter(s -> s.provider().equals(provider.name()))
                : sources.first(Sources.DEFAULT_TENANT, provider.name());
        if (found.isEmpty()) {
            verified.remove(key);
            throw new NotFoundException(sourceId.isPresent() ? "no " + provider.name() + " source " + sourceId.get()
                    : "no " + provider.name() + " source in the default tenant; create one with POST /v1/sources");
        }
        // The verifier outlives cache refreshes while the source is unchanged: it may hold a replay cache.
        Verified fresh = cached != null && cached.source().equals(found.get())
                ? new Verified(cached.source(), cached.verifier(), now)
                : new Verified(found.get(), provider.verifier(found.get(), context), now);
        if (verified.size() >= MAX_CACHED_SOURCES) {
            verified.clear();
        }
        verified.put(key, fresh);
        return fresh;
    }

    /**
     * Postcard's message id for each provider message id of events that did not bring one back through the
     * provider's metadata: the message Postcard knows under the provider's id, else an id derived from the
     * provider's, so every event of one provider message lands on one record. One query per request.
     */
    private Map<String, String> messageIds(String tenantId, Provider provider, String eventProvider,
                                           List<ParsedItem> items) {
        Map<String, List<String>> candidates = new LinkedHashMap<>();
        for (ParsedItem item : items) {
            if (item instanceof ParsedItem.Events parsed) {
                for (ProviderEvent event : parsed.events()) {
                    if (event.emailId().filter(IdPrefix.MESSAGE::matches).isEmpty()) {
                        event.providerMessageId().ifPresent(pmid ->
                                candidates.computeIfAbsent(pmid, provider::messageIdCandidates));
                    }
                }
            }
        }
        if (candidates.isEmpty()) {
            return Map.of();
        }
        Map<String, String> known = store.findMessageIdsByProviderIds(tenantId, eventProvider,
                candidates.values().stream().flatMap(List::stream).toList());
        Map<String, String> resolved = new HashMap<>();
        candidates.forEach((pmid, ids) -> resolved.put(pmid, ids.stream().map(known::get)
                .filter(java.util.Objects::nonNull).findFirst()
                .orElseGet(() -> IdPrefix.MESSAGE.derivedId(Instant.EPOCH, tenantId + "\n" + eventProvider + "\n" + pmid))));
        return resolved;
    }

    private void confirm(Source source, ParsedItem.ConfirmSubscription confirm) {
        if (!source.settings().path("auto_confirm").asBoolean(true)) {
            return;
        }
        try {
            context.http().get(confirm.subscribeUrl());
        } catch (IOException e) {
            throw new SubscriptionConfirmationException("could not confirm the subscription to "
                    + confirm.topicArn() + ": " + e.getMessage(), e);
        }
    }

    private record Verified(Source source, RequestVerifier verifier, Instant readAt) {
    }
}
