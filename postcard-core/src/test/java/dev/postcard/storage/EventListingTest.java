package dev.postcard.storage;

import static dev.postcard.storage.TestEvents.T0;
import static dev.postcard.storage.TestEvents.email;
import static dev.postcard.storage.TestEvents.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import dev.postcard.Page;
import dev.postcard.event.Event;
import dev.postcard.event.EventQuery;
import dev.postcard.event.EventType;
import dev.postcard.event.StoredEvent;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;

class EventListingTest {
    private static final List<EventType> TYPES =
            List.of(EventType.EMAIL_SENT, EventType.EMAIL_DELIVERED, EventType.EMAIL_OPENED);

    @EachDatabase
    void pagesGoNewestFirstWithoutGapsOrRepeats(TestDatabase db) {
        JdbcStore store = db.open();
        List<String> appended = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            appended.add(store.append("default", withId("evt_" + i)).stored().event().id());
        }

        List<List<String>> pages = walk(store, "default", EventQuery.all(7));

        assertThat(pages).extracting(List::size).containsExactly(7, 7, 7, 4);
        assertThat(pages.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(appended.reversed());
    }

    @EachDatabase
    void lastFullPageHasNoCursor(TestDatabase db) {
        JdbcStore store = db.open();
        store.append("default", IntStream.range(0, 10).mapToObj(i -> withId("evt_" + i)).toList());

        Page<StoredEvent> first = store.listEvents("default", EventQuery.all(5));
        Page<StoredEvent> second = store.listEvents("default", Queries.after(EventQuery.all(5), first.nextCursor().orElseThrow()));

        assertThat(second.items()).hasSize(5);
        assertThat(second.nextCursor()).as("no page after the last one").isEmpty();
        assertThat(store.listEvents("default", EventQuery.all(10)).nextCursor()).isEmpty();
    }

    @EachDatabase
    void everyFilterPagesOverExactlyItsEvents(TestDatabase db) {
        JdbcStore store = db.open();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            events.add(email("evt_" + i, TYPES.get(i % 3), "msg_" + (i % 4), T0.plus(Duration.ofMinutes(i)),
                    data -> data.put("to", "user" + (n % 5) + "@example.com")));
        }
        events.add(email("evt_other_tenant", EventType.EMAIL_OPENED, "msg_1", T0, data -> {
        }));
        store.append("default", events.subList(0, 40));
        store.append("another", events.subList(40, 41));

        assertFilter(store, Queries.byType(EventType.EMAIL_OPENED, 3), events, e -> e.type() == EventType.EMAIL_OPENED);
        assertFilter(store, Queries.byEmail("msg_1", 3), events, e -> e.emailId().orElseThrow().equals("msg_1"));
        assertFilter(store, Queries.byTo("USER3@example.com", 2), events,
                e -> e.recipient().orElseThrow().equals("user3@example.com"));
        assertFilter(store, Queries.between(T0.plus(Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(20)), 4),
                events, e -> !e.createdAt().isBefore(T0.plusSeconds(600)) && e.createdAt().isBefore(T0.plusSeconds(1200)));
    }

    @EachDatabase
    void recipientIsMatchedWhateverItsCase(TestDatabase db) {
        JdbcStore store = db.open();
        store.append("default", email("evt_mixed", EventType.EMAIL_SENT, "msg_1", T0,
                data -> data.put("to", "Mixed.Case@Example.COM")));

        assertThat(store.listEvents("default", Queries.byTo("mixed.case@example.com", 10)).items())
                .extracting(e -> e.event().id()).containsExactly("evt_mixed");
    }

    @EachDatabase
    void malformedCursorsAreRefusedAsInvalidInput(TestDatabase db) {
        JdbcStore store = db.open();
        store.append("default", withId("evt_1"));
        String tenantsCursor = Base64.getUrlEncoder().encodeToString("tenants:default".getBytes(StandardCharsets.UTF_8));

        for (String cursor : List.of("!!not base64!!", encode("events:twelve"), encode("events"), encode("12"),
                tenantsCursor)) {
            assertThatThrownBy(() -> store.listEvents("default", Queries.after(EventQuery.all(10), cursor)))
                    .as("cursor %s", cursor)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
        }
    }

    @EachDatabase
    void readsNeverCrossTenants(TestDatabase db) {
        JdbcStore store = db.open();
        Event mine = email(EventType.EMAIL_SENT, "msg_a");
        store.append("tenant-a", mine);

        assertThat(store.findEvent("tenant-b", mine.id())).isEmpty();
        assertThat(store.listEvents("tenant-b", EventQuery.all(10)).items()).isEmpty();
        assertThat(store.listEvents("tenant-b", Queries.byEmail("msg_a", 10)).items()).isEmpty();
        assertThat(store.listEvents("tenant-b", Queries.byType(EventType.EMAIL_SENT, 10)).items()).isEmpty();
        assertThat(store.listEvents("tenant-b", Queries.byTo("user@example.com", 10)).items()).isEmpty();
        assertThat(store.timeline("tenant-b", "msg_a", 10)).isEmpty();
        assertThat(store.findEvent("tenant-a", mine.id())).isPresent();
    }

    @EachDatabase
    void timelineIsOldestFirstAndLimited(TestDatabase db) {
        JdbcStore store = db.open();
        store.append("default", email("evt_1", EventType.EMAIL_SENT, "msg_t", T0, d -> { }));
        store.append("default", email("evt_x", EventType.EMAIL_SENT, "msg_other", T0, d -> { }));
        store.append("default", email("evt_2", EventType.EMAIL_DELIVERED, "msg_t", T0, d -> { }));
        store.append("default", email("evt_3", EventType.EMAIL_OPENED, "msg_t", T0, d -> { }));

        assertThat(store.timeline("default", "msg_t", 10)).extracting(e -> e.event().id())
                .containsExactly("evt_1", "evt_2", "evt_3");
        assertThat(store.timeline("default", "msg_t", 2)).extracting(e -> e.event().id())
                .containsExactly("evt_1", "evt_2");
    }

    private static void assertFilter(Store store, EventQuery query, List<Event> all, Predicate<Event> matches) {
        List<String> expected = all.subList(0, 40).stream().filter(matches).map(Event::id).toList().reversed();
        List<List<String>> pages = walk(store, "default", query);
        assertThat(pages.stream().flatMap(List::stream).toList()).as("pages of %s", query)
                .containsExactlyElementsOf(expected);
        assertThat(pages).as("page sizes of %s", query).allSatisfy(p -> assertThat(p).hasSizeLessThanOrEqualTo(query.limit()));
        assertThat(pages.size()).isEqualTo((expected.size() + query.limit() - 1) / query.limit());
    }

    /** The ids of every page, following cursors to the end. */
    static List<List<String>> walk(Store store, String tenantId, EventQuery query) {
        List<List<String>> pages = new ArrayList<>();
        EventQuery next = query;
        while (true) {
            Page<StoredEvent> page = store.listEvents(tenantId, next);
            pages.add(page.items().stream().map(e -> e.event().id()).toList());
            if (page.nextCursor().isEmpty()) {
                return pages;
            }
            next = Queries.after(query, page.nextCursor().get());
        }
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
