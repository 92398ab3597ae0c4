package dev.postcard.suppression;

import static dev.postcard.suppression.SuppressionFixtures.bounce;
import static dev.postcard.suppression.SuppressionFixtures.event;
import static dev.postcard.suppression.SuppressionFixtures.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.Postcard;
import dev.postcard.event.Event;
import dev.postcard.event.EventType;
import dev.postcard.event.StoredEvent;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The suppression policy as events are recorded, and the events that announce its decisions. */
class SuppressionPolicyTest {
    private static final String TENANT = "default";
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"));

    private Postcard engine(TestDatabase db, int softBounceLimit) {
        return Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).clock(clock)
                .softBounceLimit(softBounceLimit).build();
    }

    private void record(Postcard postcard, Event event) {
        clock.advance(Duration.ofSeconds(1));
        postcard.record(TENANT, event);
    }

    @EachDatabase
    void aDeliveryBetweenSoftBouncesStartsTheStreakOver(TestDatabase db) {
        try (Postcard postcard = engine(db, 3)) {
            String to = "soft@example.com";
            record(postcard, bounce(clock, to, "soft"));
            record(postcard, bounce(clock, to, "soft"));
            record(postcard, event(clock, EventType.EMAIL_DELIVERED, to));
            record(postcard, bounce(clock, to, "soft"));
            record(postcard, bounce(clock, to, "undetermined"));

            assertThat(postcard.suppressions().isSuppressed(TENANT, to)).isFalse();
            record(postcard, bounce(clock, to, "soft"));
            assertThat(postcard.suppressions().isSuppressed(TENANT, to)).as("the third in a row").isTrue();
        }
    }

    @EachDatabase
    void threeSoftBouncesInARowSuppress(TestDatabase db) {
        try (Postcard postcard = engine(db, 3)) {
            String to = "full@example.com";
            record(postcard, bounce(clock, to, "soft"));
            record(postcard, bounce(clock, to, "soft"));
            assertThat(postcard.suppressions().isSuppressed(TENANT, to)).isFalse();
            Event third = bounce(clock, to, "undetermined");
            record(postcard, third);

            Suppression entry = postcard.suppressions().find(TENANT, to).orElseThrow();
            assertThat(entry.reason()).isEqualTo(SuppressionReason.SOFT_BOUNCES);
            assertThat(entry.sourceEventId()).contains(third.id());
            assertThat(entry.expiresAt()).isEmpty();
            postcard.suppressions().announcePending();
            List<StoredEvent> created = events(postcard, TENANT, EventType.SUPPRESSION_CREATED);
            assertThat(created).hasSize(1);
            assertThat(created.getFirst().event().text("address")).contains(to);
            assertThat(created.getFirst().event().text("reason")).contains("soft_bounces");
            assertThat(created.getFirst().event().text("source_event_id")).contains(third.id());
            assertThat(created.getFirst().event().data().has("to")).isFalse();
        }
    }

    @EachDatabase
    void theSoftBounceLimitIsASetting(TestDatabase db) {
        try (Postcard postcard = engine(db, 1)) {
            record(postcard, bounce(clock, "once@example.com", "soft"));
            assertThat(postcard.suppressions().find(TENANT, "once@example.com").map(Suppression::reason))
                    .contains(SuppressionReason.SOFT_BOUNCES);
        }
    }

    @EachDatabase
    void hardBouncesComplaintsAndUnsubscribesSuppressAtOnce(TestDatabase db) {
        try (Postcard postcard = engine(db, 3)) {
            record(postcard, bounce(clock, "Hard@Example.com", "hard"));
            record(postcard, event(clock, EventType.EMAIL_COMPLAINED, "angry@example.com"));
            record(postcard, event(clock, EventType.EMAIL_UNSUBSCRIBED, "bye@example.com"));
            record(postcard, event(clock, EventType.EMAIL_OPENED, "reader@example.com"));

            Suppressions suppressions = postcard.suppressions();
            assertThat(suppressions.find(TENANT, "hard@example.com").map(Suppression::reason))
                    .contains(SuppressionReason.HARD_BOUNCE);
            assertThat(suppressions.find(TENANT, "HARD@EXAMPLE.COM").map(Suppression::address))
                    .as("addresses are compared lower-case").contains("hard@example.com");
            assertThat(suppressions.find(TENANT, "angry@example.com").map(Suppression::reason))
                    .contains(SuppressionReason.COMPLAINT);
            assertThat(suppressions.find(TENANT, "bye@example.com").map(Suppression::reason))
                    .contains(SuppressionReason.UNSUBSCRIBE);
            assertThat(suppressions.isSuppressed(TENANT, "reader@example.com")).isFalse();
            suppressions.announcePending();
            assertThat(events(postcard, TENANT, EventType.SUPPRESSION_CREATED))
                    .extracting(e -> e.event().text("address").orElseThrow())
                    .containsExactlyInAnyOrder("hard@example.com", "angry@example.com", "bye@example.com");
        }
    }

    @EachDatabase
    void anAddressIsSuppressedOnceAndADuplicateEventDoesNothing(TestDatabase db) {
        try (Postcard postcard = engine(db, 2)) {
            String to = "twice@example.com";
            Event hard = bounce(clock, to, "hard");
            record(postcard, hard);
            record(postcard, hard);
            record(postcard, event(clock, EventType.EMAIL_COMPLAINED, to));
            assertThat(postcard.suppressions().find(TENANT, to).map(Suppression::reason))
                    .as("the first reason stays").contains(SuppressionReason.HARD_BOUNCE);

            Event soft = bounce(clock, "dup@example.com", "soft");
            record(postcard, soft);
            record(postcard, soft);
            assertThat(postcard.suppressions().isSuppressed(TENANT, "dup@example.com"))
                    .as("a duplicate soft bounce is not counted again").isFalse();

            postcard.suppressions().announcePending();
            assertThat(events(postcard, TENANT, EventType.SUPPRESSION_CREATED)).hasSize(1);
        }
    }

    @EachDatabase
    void anExpiredEntryNoLongerAppliesAndIsReplacedByTheNextDecision(TestDatabase db) {
        try (Postcard postcard = engine(db, 3)) {
            Suppressions suppressions = postcard.suppressions();
            String to = "later@example.com";
            suppressions.add(TENANT, to, SuppressionReason.MANUAL, Optional.of("paused"),
                    Optional.of(clock.instant().plus(Duration.ofHours(1))));
            assertThat(suppressions.isSuppressed(TENANT, to)).isTrue();

            clock.advance(Duration.ofHours(2));
            assertThat(suppressions.isSuppressed(TENANT, to)).isFalse();
            assertThat(suppressions.list(TENANT, Optional.empty(), Optional.empty(), 50).items()).isEmpty();
            assertThatThrownBy(() -> suppressions.remove(TENANT, to)).isInstanceOf(NotFoundException.class);
            StringBuilderWriter csv = new StringBuilderWriter();
            exportTo(suppressions, csv);
            assertThat(csv.text()).isEqualTo(SuppressionCsv.HEADER + "\n");

            record(postcard, event(clock, EventType.EMAIL_COMPLAINED, to));
            assertThat(suppressions.find(TENANT, to).map(Suppression::reason)).contains(SuppressionReason.COMPLAINT);
            suppressions.announcePending();
            assertThat(events(postcard, TENANT, EventType.SUPPRESSION_CREATED)).hasSize(2);
        }
    }

    @EachDatabase
    void manualEntriesAreAddedAndRemovedWithTheirEvents(TestDatabase db) {
        try (Postcard postcard = engine(db, 3)) {
            Suppressions suppressions = postcard.suppressions();
            Suppressions.Added added = suppressions.add(TENANT, "Ops@Example.com", SuppressionReason.MANUAL,
                    Optional.of("asked by phone"), Optional.empty());
            assertThat(added.created()).isTrue();
            assertThat(added.entry().address()).isEqualTo("ops@example.com");
            Suppressions.Added again = suppressions.add(TENANT, "ops@example.com", SuppressionReason.MANUAL,
                    Optional.of("other"), Optional.empty());
            assertThat(again.created()).isFalse();
            assertThat(again.entry().note()).contains("asked by phone");

            suppressions.remove(TENANT, "OPS@example.com");
            assertThat(suppressions.isSuppressed(TENANT, "ops@example.com")).isFalse();
            assertThatThrownBy(() -> suppressions.remove(TENANT, "ops@example.com")).isInstanceOf(NotFoundException.class);
            assertThat(events(postcard, TENANT, EventType.SUPPRESSION_CREATED)).hasSize(1);
            List<StoredEvent> deleted = events(postcard, TENANT, EventType.SUPPRESSION_DELETED);
            assertThat(deleted).hasSize(1);
            assertThat(deleted.getFirst().event().text("address")).contains("ops@example.com");
            assertThat(deleted.getFirst().event().text("reason")).contains("manual");

            assertThatThrownBy(() -> suppressions.add(TENANT, "not an address", SuppressionReason.MANUAL,
                    Optional.empty(), Optional.empty())).isInstanceOfSatisfying(InvalidInputException.class,
                    e -> assertThat(e.field()).isEqualTo("address"));
            assertThatThrownBy(() -> suppressions.add(TENANT, "a@example.com", SuppressionReason.MANUAL,
                    Optional.empty(), Optional.of(clock.instant()))).isInstanceOfSatisfying(InvalidInputException.class,
                    e -> assertThat(e.field()).isEqualTo("expires_at"));
            assertThatThrownBy(() -> suppressions.add(TENANT, "a@example.com", SuppressionReason.MANUAL,
                    Optional.of("two\nlines"), Optional.empty())).isInstanceOfSatisfying(InvalidInputException.class,
                    e -> assertThat(e.field()).isEqualTo("note"));
            assertThat(suppressions.isSuppressed(TENANT, "a@example.com")).isFalse();
        }
    }

    @EachDatabase
    void tenantsHaveTheirOwnLists(TestDatabase db) {
        try (Postcard postcard = engine(db, 2)) {
            postcard.record("tenant-a", bounce(clock, "shared@example.com", "hard"));
            postcard.record("tenant-a", bounce(clock, "streak@example.com", "soft"));
            postcard.record("tenant-b", bounce(clock, "streak@example.com", "soft"));

            Suppressions suppressions = postcard.suppressions();
            assertThat(suppressions.isSuppressed("tenant-a", "shared@example.com")).isTrue();
            assertThat(suppressions.isSuppressed("tenant-b", "shared@example.com")).isFalse();
            assertThat(suppressions.isSuppressed("tenant-a", "streak@example.com"))
                    .as("streaks are counted per tenant").isFalse();
            assertThat(suppressions.list("tenant-b", Optional.empty(), Optional.empty(), 50).items()).isEmpty();
            assertThatThrownBy(() -> suppressions.remove("tenant-b", "shared@example.com"))
                    .isInstanceOf(NotFoundException.class);
            assertThat(suppressions.isSuppressed("tenant-a", "shared@example.com")).isTrue();
            suppressions.announcePending();
            assertThat(events(postcard, "tenant-b", EventType.SUPPRESSION_CREATED)).isEmpty();
            assertThat(events(postcard, "tenant-a", EventType.SUPPRESSION_CREATED)).hasSize(1);
        }
    }

    @EachDatabase
    void listsArePagedNewestFirstAndFilteredByReason(TestDatabase db) {
        try (Postcard postcard = engine(db, 3)) {
            for (int i = 0; i < 5; i++) {
                record(postcard, bounce(clock, "hard" + i + "@example.com", "hard"));
                record(postcard, event(clock, EventType.EMAIL_COMPLAINED, "spam" + i + "@example.com"));
            }
            Suppressions suppressions = postcard.suppressions();
            List<String> seen = new java.util.ArrayList<>();
            Optional<String> cursor = Optional.empty();
            do {
                var page = suppressions.list(TENANT, Optional.of(SuppressionReason.COMPLAINT), cursor, 2);
                page.items().forEach(s -> seen.add(s.address()));
                cursor = page.nextCursor();
            } while (cursor.isPresent());
            assertThat(seen).containsExactly("spam4@example.com", "spam3@example.com", "spam2@example.com",
                    "spam1@example.com", "spam0@example.com");
        }
    }

    static void exportTo(Suppressions suppressions, StringBuilderWriter out) {
        try {
            suppressions.exportCsv(TENANT, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A writer into memory. */
    static final class StringBuilderWriter extends java.io.StringWriter {
        String text() {
            return toString();
        }
    }
}
