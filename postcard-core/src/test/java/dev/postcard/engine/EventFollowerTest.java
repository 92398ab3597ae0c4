package dev.postcard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventQuery;
import dev.postcard.event.EventType;
import dev.postcard.event.LogEntry;
import dev.postcard.storage.JdbcStore;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import dev.postcard.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Following the log: every matching event once, in log order, also when commits finish out of that order. */
class EventFollowerTest {
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private final AtomicLong nanos = new AtomicLong();

    @EachDatabase
    void handsOutEachMatchingEventOnceInLogOrder(TestDatabase db) {
        try (JdbcStore store = JdbcStore.open(db.url())) {
            store.append("acme", event("evt_before", EventType.EMAIL_SENT));
            EventFollower follower = new EventFollower(store, "acme", opened(), store.lastEvent("acme").orElseThrow().seq(), SETTLE,
                    nanos::get);
            assertThat(follower.next(10)).isEmpty();

            store.append("acme", List.of(event("evt_1", EventType.EMAIL_OPENED), event("evt_x", EventType.EMAIL_SENT),
                    event("evt_2", EventType.EMAIL_OPENED)));
            store.append("other", event("evt_3", EventType.EMAIL_OPENED));

            assertThat(ids(follower.next(1))).containsExactly("evt_1");
            assertThat(ids(follower.next(10))).containsExactly("evt_2");
            assertThat(follower.next(10)).isEmpty();
            nanos.addAndGet(SETTLE.toNanos());
            assertThat(follower.next(10)).isEmpty();
            assertThat(follower.unsettled()).isFalse();
            store.append("acme", event("evt_4", EventType.EMAIL_OPENED));
            assertThat(ids(follower.next(10))).containsExactly("evt_4");
        }
    }

    @Test
    void anEarlierPositionCommittedLaterIsStillHandedOut() throws Exception {
        try (JdbcStore store = JdbcStore.open(TestDatabases.freshPostgresUrl());
             Connection slow = store.dataSource().getConnection()) {
            EventFollower follower = new EventFollower(store, "acme", all(), 0, SETTLE, nanos::get);
            slow.setAutoCommit(false);
            try (PreparedStatement insert = slow.prepareStatement("INSERT INTO events (tenant_id, id, type, created_at,"
                    + " payload) VALUES ('acme', 'evt_slow', 'email.sent', 0, '{\"id\":\"evt_slow\"}')")) {
                insert.executeUpdate(); // takes a position, and holds it uncommitted
            }
            store.append("acme", event("evt_fast", EventType.EMAIL_SENT));
            assertThat(ids(follower.next(10))).containsExactly("evt_fast");

            store.append("acme", List.of(event("evt_after_1", EventType.EMAIL_SENT),
                    event("evt_after_2", EventType.EMAIL_SENT)));
            assertThat(ids(follower.next(1))).containsExactly("evt_after_1");

            nanos.addAndGet(SETTLE.toNanos() / 2);
            slow.commit();
            assertThat(ids(follower.next(10))).containsExactly("evt_slow", "evt_after_2");
            nanos.addAndGet(SETTLE.toNanos());
            assertThat(follower.next(10)).isEmpty();
            assertThat(follower.unsettled()).isFalse();
        }
    }

    private static EventQuery all() {
        return EventQuery.all(EventQuery.MAX_LIMIT);
    }

    private static EventQuery opened() {
        return new EventQuery(Optional.of(EventType.EMAIL_OPENED), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), EventQuery.MAX_LIMIT);
    }

    private static Event event(String id, EventType type) {
        ObjectNode data = EventCodec.MAPPER.createObjectNode().put("email_id", "msg_1").put("to", "a@example.com");
        return new Event(id, type, MovableClock.atStart().instant(), data);
    }

    private static List<String> ids(List<LogEntry> entries) {
        return entries.stream().map(LogEntry::id).toList();
    }
}
