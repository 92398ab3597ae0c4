package dev.postcard.storage;

import static dev.postcard.storage.TestEvents.email;
import static dev.postcard.storage.TestEvents.withId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.event.AppendResult;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventQuery;
import dev.postcard.event.EventType;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.util.List;

class AppendDeduplicationTest {

    @EachDatabase
    void newEventIsStoredWithItsExactJson(TestDatabase db) {
        JdbcStore store = db.open();
        Event event = email(EventType.EMAIL_BOUNCED, "msg_1", data -> data.put("bounce_type", "hard"));

        AppendResult result = store.append("default", event);

        assertThat(result.duplicate()).isFalse();
        assertThat(result.stored().seq()).isPositive();
        assertThat(result.stored().tenantId()).isEqualTo("default");
        assertThat(result.stored().json()).isEqualTo(EventCodec.toJson(event));
        assertThat(store.findEvent("default", event.id())).hasValueSatisfying(found -> {
            assertThat(found.json()).isEqualTo(EventCodec.toJson(event));
            assertThat(found.seq()).isEqualTo(result.stored().seq());
            assertThat(found.event()).isEqualTo(event);
        });
    }

    @EachDatabase
    void sameIdTwiceIsStoredOnceAndAnswersWithTheEarlierEvent(TestDatabase db) {
        JdbcStore store = db.open();
        Event first = email("evt_same", EventType.EMAIL_SENT, "msg_1", TestEvents.T0, data -> data.put("subject", "first"));
        Event retry = email("evt_same", EventType.EMAIL_SENT, "msg_1", TestEvents.T0, data -> data.put("subject", "retry"));

        AppendResult stored = store.append("default", first);
        AppendResult again = store.append("default", retry);

        assertThat(again.duplicate()).as("second append of one id").isTrue();
        assertThat(again.stored().seq()).isEqualTo(stored.stored().seq());
        assertThat(again.stored().json()).isEqualTo(EventCodec.toJson(first));
        assertThat(again.stored().event().text("subject")).hasValue("first");
        assertThat(store.listEvents("default", EventQuery.all(10)).items()).hasSize(1);
    }

    @EachDatabase
    void repeatWithinOneBatchIsADuplicateOfItsFirstOccurrence(TestDatabase db) {
        JdbcStore store = db.open();
        Event a = withId("evt_a");
        Event b = withId("evt_b");
        Event aAgain = email("evt_a", EventType.EMAIL_BOUNCED, "other", TestEvents.T0, data -> {
        });

        List<AppendResult> results = store.append("default", List.of(a, b, aAgain));

        assertThat(results).extracting(AppendResult::duplicate).containsExactly(false, false, true);
        assertThat(results).extracting(r -> r.stored().event().id()).containsExactly("evt_a", "evt_b", "evt_a");
        assertThat(results.get(2).stored()).isEqualTo(results.get(0).stored());
        assertThat(results.get(2).stored().event().type()).isEqualTo(EventType.EMAIL_DELIVERED);
        assertThat(store.listEvents("default", EventQuery.all(10)).items()).hasSize(2);
    }

    @EachDatabase
    void resultsFollowTheInputOrderWhateverIsNewOrOld(TestDatabase db) {
        JdbcStore store = db.open();
        store.append("default", List.of(withId("evt_2"), withId("evt_4")));

        List<AppendResult> results = store.append("default",
                List.of(withId("evt_1"), withId("evt_2"), withId("evt_3"), withId("evt_4"), withId("evt_5")));

        assertThat(results).extracting(r -> r.stored().event().id())
                .containsExactly("evt_1", "evt_2", "evt_3", "evt_4", "evt_5");
        assertThat(results).extracting(AppendResult::duplicate).containsExactly(false, true, false, true, false);
        assertThat(results.get(0).stored().seq()).isLessThan(results.get(2).stored().seq());
        assertThat(results.get(2).stored().seq()).isLessThan(results.get(4).stored().seq());
    }

    @EachDatabase
    void sameIdInTwoTenantsIsStoredForEach(TestDatabase db) {
        JdbcStore store = db.open();

        AppendResult inA = store.append("tenant-a", withId("evt_shared"));
        AppendResult inB = store.append("tenant-b", withId("evt_shared"));

        assertThat(inA.duplicate()).isFalse();
        assertThat(inB.duplicate()).as("the same id in another tenant is another event").isFalse();
        assertThat(inB.stored().seq()).isNotEqualTo(inA.stored().seq());
        assertThat(inB.stored().tenantId()).isEqualTo("tenant-b");
    }

    @EachDatabase
    void emptyBatchStoresNothing(TestDatabase db) {
        JdbcStore store = db.open();

        assertThat(store.append("default", List.of())).isEmpty();
        assertThat(store.committedAppendTransactions()).isZero();
    }

    @EachDatabase
    void operationalEventsAreNotFoundByTheEmailFilters(TestDatabase db) {
        JdbcStore store = db.open();
        var data = EventCodec.MAPPER.createObjectNode().put("address", "user@example.com")
                .put("email_id", "msg_1").put("to", "user@example.com");
        Event suppression = new Event("evt_sup", EventType.SUPPRESSION_CREATED, TestEvents.T0, data);
        store.append("default", suppression);

        assertThat(store.listEvents("default", Queries.byEmail("msg_1", 10)).items()).isEmpty();
        assertThat(store.listEvents("default", Queries.byTo("user@example.com", 10)).items()).isEmpty();
        assertThat(store.timeline("default", "msg_1", 10)).isEmpty();
        assertThat(store.findMessage("default", "msg_1")).as("operational events make no message").isEmpty();
        assertThat(store.findEvent("default", "evt_sup")).isPresent();
    }
}
