package dev.postcard.storage;

import dev.postcard.event.EventQuery;
import dev.postcard.event.EventType;
import java.time.Instant;
import java.util.Optional;

/** Short ways to write the event queries of the tests. */
final class Queries {
    private Queries() {
    }

    static EventQuery byType(EventType type, int limit) {
        return new EventQuery(Optional.of(type), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), limit);
    }

    static EventQuery byEmail(String emailId, int limit) {
        return new EventQuery(Optional.empty(), Optional.of(emailId), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), limit);
    }

    static EventQuery byTo(String to, int limit) {
        return new EventQuery(Optional.empty(), Optional.empty(), Optional.of(to), Optional.empty(),
                Optional.empty(), Optional.empty(), limit);
    }

    static EventQuery between(Instant since, Instant until, int limit) {
        return new EventQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(since),
                Optional.of(until), Optional.empty(), limit);
    }

    static EventQuery after(EventQuery query, String cursor) {
        return new EventQuery(query.type(), query.emailId(), query.to(), query.since(), query.until(),
                Optional.of(cursor), query.limit());
    }
}
