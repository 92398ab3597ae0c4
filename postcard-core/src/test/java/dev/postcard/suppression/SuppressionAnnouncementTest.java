package dev.postcard.suppression;

import static dev.postcard.suppression.SuppressionFixtures.events;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.Postcard;
import dev.postcard.event.EventType;
import dev.postcard.event.StoredEvent;
import dev.postcard.storage.JdbcStore;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Decisions committed without their events (a crash) are announced by the next engine, each once. */
class SuppressionAnnouncementTest {
    private static final String TENANT = "default";

    @EachDatabase
    void decisionsLeftUnannouncedAreRecordedOnceAtTheNextStart(TestDatabase db) throws Exception {
        Instant createdAt = Instant.parse("2026-11-22T09:00:00Z");
        try (JdbcStore store = db.open()) {
            // What a crash leaves: the decisions committed, their events never recorded.
            JdbcSuppressionStore rows = new JdbcSuppressionStore(store, MovableClock.atStart());
            rows.insertUnlessActive(new Suppression(TENANT, "crash@example.com", SuppressionReason.HARD_BOUNCE,
                    Optional.empty(), Optional.of("evt_source"), createdAt, Optional.empty()));
            rows.insertUnlessActive(new Suppression(TENANT, "gone@example.com", SuppressionReason.MANUAL,
                    Optional.empty(), Optional.empty(), createdAt, Optional.empty()));
            assertThat(rows.remove(TENANT, "gone@example.com")).isPresent();
        }

        List<String> ids;
        try (Postcard postcard = engine(db)) {
            postcard.suppressions().announcePending(); // waits for the sweep the start began
            List<StoredEvent> created = events(postcard, TENANT, EventType.SUPPRESSION_CREATED);
            // gone@ was removed before its creation was announced: only its removal is left to tell.
            assertThat(created).extracting(e -> e.event().text("address").orElseThrow())
                    .containsExactly("crash@example.com");
            assertThat(created.getFirst().event().createdAt()).isEqualTo(createdAt);
            assertThat(created.getFirst().event().text("source_event_id")).contains("evt_source");
            assertThat(events(postcard, TENANT, EventType.SUPPRESSION_DELETED))
                    .extracting(e -> e.event().text("address").orElseThrow()).containsExactly("gone@example.com");
            ids = created.stream().map(e -> e.event().id()).toList();
            assertThat(postcard.suppressions().announcePending()).as("nothing is left to announce").isZero();
        }

        // A crash after recording but before marking: the next sweep records the same ids, stored once.
        try (JdbcStore store = db.open(); Connection c = store.dataSource().getConnection();
             Statement update = c.createStatement()) {
            update.executeUpdate("UPDATE suppressions SET announced = " + (db.url().contains("sqlite") ? "0" : "FALSE"));
        }
        try (Postcard postcard = engine(db)) {
            postcard.suppressions().announcePending();
            assertThat(events(postcard, TENANT, EventType.SUPPRESSION_CREATED))
                    .extracting(e -> e.event().id()).containsExactlyElementsOf(ids);
        }
    }

    private static Postcard engine(TestDatabase db) {
        return Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).clock(MovableClock.atStart()).build();
    }
}
