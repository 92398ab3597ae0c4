package dev.postcard.http;

import dev.postcard.InvalidInputException;
import dev.postcard.Postcard;
import dev.postcard.StorageUnavailableException;
import dev.postcard.engine.EventFeed;
import dev.postcard.engine.EventFollower;
import dev.postcard.event.EventQuery;
import dev.postcard.event.LogEntry;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v1/events/stream}: the tenant's events as Server-Sent Events, with the filters of
 * {@code GET /v1/events}, in the order they were stored. It starts after the event named by {@code Last-Event-ID}
 * (or {@code last_event_id}), else at the first event created since {@code since}, else at what is stored next.
 * New events are sent as soon as this node commits them, and within a second when another node does.
 */
final class EventStreamRoutes {
    private static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");
    private static final int BATCH = 500;
    /** How often a stream looks at the log without being woken: for events that other nodes commit. */
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final long RETRY_MILLIS = 3_000;
    private static final int MAX_ID_LENGTH = 200;

    private final Postcard postcard;
    private final Authenticator auth;
    private final EventStreams streams;
    private final Duration heartbeat;

    EventStreamRoutes(Postcard postcard, Authenticator auth, EventStreams streams, Duration heartbeat) {
        this.postcard = postcard;
        this.auth = auth;
        this.streams = streams;
        this.heartbeat = heartbeat;
    }

    /** Before the routes of {@code /v1/events/{id}}, which would take "stream" for an id. */
    void register(Routes routes) {
        routes.path("/v1/events/stream").get(this::stream).done();
    }

    private void stream(ServerRequest req, ServerResponse res) {
        Caller caller = auth.authenticate(req);
        QueryParams q = new QueryParams(req);
        EventQuery filters = EventRoutes.filters(q, Optional.empty(), EventQuery.MAX_LIMIT);
        String tenantId = caller.tenantId();
        EventFeed feed = postcard.events().feed();
        Start start = start(req, q, tenantId, filters);
        EventFollower follower = feed.follow(tenantId, filters, start.after());
        try (EventStreams.Slot slot = streams.open(tenantId)) {
            res.status(Status.OK_200);
            res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            res.header(HeaderNames.create("X-Accel-Buffering"), "no"); // nginx: pass events on at once
            // However a stream ends (a stalled client, the server stopping), the connection ends with it: a write
            // cut short may have left part of an event on it, and the client reconnects anyway.
            res.header(HeaderNames.CONNECTION, "close");
            OutputStream out = res.outputStream();
            try {
                follow(slot, new SseWriter(out), start, feed, follower, tenantId, filters.until());
            } finally {
                closeQuietly(out);
            }
        }
    }

    /**
     * Where a stream begins: after log position {@code after}, which is the event {@code eventId} when there is
     * one to name (none when it starts at the beginning of a period, or the tenant has no event yet).
     */
    private record Start(long after, Optional<String> eventId) {
    }

    private Start start(ServerRequest req, QueryParams q, String tenantId, EventQuery filters) {
        Optional<String> lastId = req.headers().first(LAST_EVENT_ID).map(String::strip).filter(s -> !s.isEmpty())
                .or(() -> q.text("last_event_id"));
        if (lastId.isPresent()) {
            String id = lastId.get();
            if (id.length() > MAX_ID_LENGTH) {
                throw new InvalidInputException("last_event_id", "last_event_id is not an event id");
            }
            long seq = postcard.events().find(tenantId, id).orElseThrow(() -> new InvalidInputException(
                    "last_event_id", "no event '" + id + "' to resume after")).seq();
            return new Start(seq, lastId);
        }
        if (filters.since().isPresent()) {
            return new Start(0, Optional.empty());
        }
        return postcard.events().feed().lastEvent(tenantId).map(e -> new Start(e.seq(), Optional.of(e.id())))
                .orElse(new Start(0, Optional.empty()));
    }

    /**
     * Sends events as they come, a comment when there has been nothing to send for a heartbeat, until the client
     * leaves or stops reading, the server stops, or the stream's {@code until} has passed and nothing is left.
     */
    private void follow(EventStreams.Slot slot, SseWriter sse, Start start, EventFeed feed, EventFollower follower,
                        String tenantId, Optional<java.time.Instant> until) {
        try {
            slot.write(() -> sse.open(RETRY_MILLIS, start.eventId()));
            long lastWrite = System.nanoTime();
            while (!streams.closed()) {
                long commits = feed.commitCount(tenantId);
                List<LogEntry> batch = follower.next(BATCH);
                if (!batch.isEmpty()) {
                    slot.write(() -> sse.events(batch));
                    lastWrite = System.nanoTime();
                    if (batch.size() == BATCH) {
                        continue; // more may be waiting: read on before sleeping
                    }
                } else if (until.isPresent() && !follower.unsettled()
                        && postcard.clock().instant().isAfter(until.get().plus(EventFeed.SETTLE))) {
                    return;
                }
                long quiet = System.nanoTime() - lastWrite;
                if (quiet >= heartbeat.toNanos()) {
                    slot.write(sse::heartbeat);
                    lastWrite = System.nanoTime();
                    quiet = 0;
                }
                Duration untilHeartbeat = heartbeat.minusNanos(quiet);
                feed.await(tenantId, commits, untilHeartbeat.compareTo(POLL) < 0 ? untilHeartbeat : POLL);
            }
        } catch (IOException | UncheckedIOException e) {
            // The client left, or stopped reading past the write deadline: it reconnects with Last-Event-ID.
        } catch (InterruptedException e) {
            // A write deadline or the server stopping; the slot clears the flag when it closes.
        } catch (StorageUnavailableException e) {
            // The database went away: the client reconnects later, after the last event it received.
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            // the connection is gone already; nothing is owed to it
        }
    }
}
