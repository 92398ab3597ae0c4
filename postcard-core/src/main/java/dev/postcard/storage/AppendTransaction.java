package dev.postcard.storage;

import dev.postcard.PostcardException;
import dev.postcard.event.AppendResult;
import dev.postcard.event.Event;
import dev.postcard.event.StoredEvent;
import dev.postcard.storage.EventRows.Candidate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one append transaction writes for a group of batches: the new events (each id once per
 * tenant), their messages, and the rows of every {@link AppendStep}. The caller owns the transaction.
 */
final class AppendTransaction {
    private final Dialect dialect;
    private final List<AppendStep> steps;
    private final Clock clock;

    /** {@code steps} is read at every write, so steps registered later take part from then on. */
    AppendTransaction(Dialect dialect, List<AppendStep> steps, Clock clock) {
        this.dialect = dialect;
        this.steps = steps;
        this.clock = clock;
    }

    /** The results of each batch, in the order of the batches and of their events. */
    List<List<AppendResult>> write(Connection connection, List<AppendBatch> batches) throws SQLException {
        Map<EventKey, Candidate> firstOfEachKey = new LinkedHashMap<>();
        for (AppendBatch batch : batches) {
            for (int i = 0; i < batch.events().size(); i++) {
                Event event = batch.events().get(i);
                String envelope = batch.envelopes().get(i);
                firstOfEachKey.computeIfAbsent(new EventKey(batch.tenantId(), event.id()),
                        key -> new Candidate(batch.tenantId(), event, envelope));
            }
        }
        List<Candidate> candidates = List.copyOf(firstOfEachKey.values());
        Map<EventKey, Long> inserted = EventRows.insertNew(connection, candidates);

        List<StoredEvent> fresh = new ArrayList<>(inserted.size());
        Set<EventKey> storedBefore = new HashSet<>();
        for (Candidate candidate : candidates) {
            Long seq = inserted.get(candidate.key());
            if (seq == null) {
                storedBefore.add(candidate.key());
            } else {
                fresh.add(candidate.stored(seq));
            }
        }
        fresh.sort(Comparator.comparingLong(StoredEvent::seq));
        Map<EventKey, StoredEvent> earlier = EventRows.findAll(connection, storedBefore);

        MessageRows.applyEvents(connection, fresh, clock.millis());
        LogCommits.record(connection, dialect, fresh);
        if (!fresh.isEmpty()) {
            for (AppendStep step : steps) {
                step.applyAll(connection, dialect, fresh);
            }
        }
        return results(batches, fresh, earlier);
    }

    /** The first occurrence of a new key is the stored one; every other occurrence is a duplicate of it. */
    private static List<List<AppendResult>> results(List<AppendBatch> batches, List<StoredEvent> fresh,
            Map<EventKey, StoredEvent> earlier) {
        Map<EventKey, StoredEvent> freshByKey = new HashMap<>();
        fresh.forEach(stored -> freshByKey.put(new EventKey(stored.tenantId(), stored.event().id()), stored));
        Set<EventKey> reported = new HashSet<>();
        List<List<AppendResult>> results = new ArrayList<>(batches.size());
        for (AppendBatch batch : batches) {
            List<AppendResult> batchResults = new ArrayList<>(batch.events().size());
            for (Event event : batch.events()) {
                EventKey key = new EventKey(batch.tenantId(), event.id());
                StoredEvent stored = freshByKey.get(key);
                if (stored != null && reported.add(key)) {
                    batchResults.add(new AppendResult(stored, false));
                } else if (stored != null) {
                    batchResults.add(new AppendResult(stored, true));
                } else if (earlier.containsKey(key)) {
                    batchResults.add(new AppendResult(earlier.get(key), true));
                } else {
                    // ON CONFLICT skipped the row, yet no row has the key: the database broke its promise.
                    throw new PostcardException("event " + key.id() + " was neither inserted nor found");
                }
            }
            results.add(batchResults);
        }
        return results;
    }
}
