package dev.postcard.event;

import java.time.Instant;
import java.util.Optional;

/**
 * Filters of {@code GET /v1/events}. {@code emailId} and {@code to} match {@code email.*} events only;
 * {@code since} is inclusive and {@code until} exclusive, on {@code created_at}. Newest first.
 */
public record EventQuery(
        Optional<EventType> type,
        Optional<String> emailId,
        Optional<String> to,
        Optional<Instant> since,
        Optional<Instant> until,
        Optional<String> cursor,
        int limit) {

    public static final int MAX_LIMIT = 500;

    public EventQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
        to = to.map(a -> a.toLowerCase(java.util.Locale.ROOT));
    }

    public static EventQuery all(int limit) {
        return new EventQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), limit);
    }
}
