package dev.postcard.storage;

import static dev.postcard.storage.TestEvents.T0;
import static dev.postcard.storage.TestEvents.clicked;
import static dev.postcard.storage.TestEvents.email;
import static dev.postcard.storage.TestEvents.newMessageId;
import static dev.postcard.storage.TestEvents.opened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.ConflictException;
import dev.postcard.event.AppendResult;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.event.Message;
import dev.postcard.event.MessageStatus;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

class MessageStateTest {

    @EachDatabase
    void firstEventCreatesTheMessageFromItsData(TestDatabase db) {
        JdbcStore store = db.open();
        String id = newMessageId();

        store.append("default", email(EventType.EMAIL_SENT, id, data -> {
            data.put("to", "Someone@Example.com").put("from", "app@example.org").put("subject", "Welcome!")
                    .put("provider", "sendgrid").put("provider_message_id", "sg-1");
            data.putArray("tags").add("onboarding").add("welcome");
            data.putObject("metadata").put("user_id", "42");
        }));

        Message message = store.findMessage("default", id).orElseThrow();
        assertThat(message.tenantId()).isEqualTo("default");
        assertThat(message.to()).hasValue("someone@example.com");
        assertThat(message.from()).hasValue("app@example.org");
        assertThat(message.subject()).hasValue("Welcome!");
        assertThat(message.tags()).containsExactly("onboarding", "welcome");
        assertThat(message.metadata().get("user_id").asText()).isEqualTo("42");
        assertThat(message.provider()).hasValue("sendgrid");
        assertThat(message.providerMessageId()).hasValue("sg-1");
        assertThat(message.status()).isEqualTo(MessageStatus.SENT);
        assertThat(message.counters()).isEqualTo(Message.Counters.ZERO);
        assertThat(message.createdAt()).isEqualTo(T0);
    }

    @EachDatabase
    void statusNeverMovesBackWhenEventsArriveOutOfOrder(TestDatabase db) {
        JdbcStore store = db.open();
        String id = newMessageId();

        assertThat(statusAfter(store, id, EventType.EMAIL_DELIVERED)).isEqualTo(MessageStatus.DELIVERED);
        assertThat(statusAfter(store, id, EventType.EMAIL_SENT)).as("late sent").isEqualTo(MessageStatus.DELIVERED);
        assertThat(statusAfter(store, id, EventType.EMAIL_DELIVERY_DELAYED)).isEqualTo(MessageStatus.DELIVERED);
        assertThat(statusAfter(store, id, EventType.EMAIL_BOUNCED)).isEqualTo(MessageStatus.BOUNCED);
        assertThat(statusAfter(store, id, EventType.EMAIL_DELIVERED)).as("late delivery").isEqualTo(MessageStatus.BOUNCED);
        assertThat(statusAfter(store, id, EventType.EMAIL_OPENED)).as("engagement").isEqualTo(MessageStatus.BOUNCED);
        assertThat(statusAfter(store, id, EventType.EMAIL_COMPLAINED)).isEqualTo(MessageStatus.COMPLAINED);
        assertThat(statusAfter(store, id, EventType.EMAIL_BOUNCED)).isEqualTo(MessageStatus.COMPLAINED);
    }

    @EachDatabase
    void statusIsMonotonicWithinOneBatchToo(TestDatabase db) {
        JdbcStore store = db.open();
        String id = newMessageId();

        store.append("default", List.of(email(EventType.EMAIL_BOUNCED, id), email(EventType.EMAIL_SENT, id),
                email(EventType.EMAIL_DELIVERED, id)));

        assertThat(store.findMessage("default", id).orElseThrow().status()).isEqualTo(MessageStatus.BOUNCED);
    }

    @EachDatabase
    void opensAndClicksCountHumansApartFromMachines(TestDatabase db) {
        JdbcStore store = db.open();
        String id = newMessageId();

        store.append("default", List.of(opened(id, false), opened(id, true), clicked(id, true)));
        store.append("default", opened(id, false));
        store.append("default", List.of(clicked(id, false), clicked(id, true),
                email(EventType.EMAIL_OPENED, id))); // no machine field: a person

        Message message = store.findMessage("default", id).orElseThrow();
        assertThat(message.counters()).isEqualTo(new Message.Counters(4, 3, 3, 1));
        assertThat(message.status()).as("engagement moves no status").isEqualTo(MessageStatus.CREATED);
    }

    @EachDatabase
    void duplicateEventsDoNotCountTwice(TestDatabase db) {
        JdbcStore store = db.open();
        String id = newMessageId();
        var open = opened(id, false);

        store.append("default", List.of(open, open));
        store.append("default", open);

        assertThat(store.findMessage("default", id).orElseThrow().counters().opens()).isEqualTo(1);
    }

    @EachDatabase
    void providerIdsAreFilledOnlyWhileMissing(TestDatabase db) {
        // The store's own time marks the update: an hour after the fixture's, whatever today is.
        Instant later = T0.plus(Duration.ofHours(1));
        JdbcStore store = db.open(StoreOptions.defaults().withClock(new MovableClock(later)));
        String id = newMessageId();
        store.createMessage(message(id, "default"));

        store.append("default", email(EventType.EMAIL_DELIVERED, id,
                data -> data.put("provider", "ses").put("provider_message_id", "ses-1")));
        store.append("default", email(EventType.EMAIL_OPENED, id,
                data -> data.put("provider", "mailgun").put("provider_message_id", "mg-1").put("to", "x@example.com")));

        Message message = store.findMessage("default", id).orElseThrow();
        assertThat(message.provider()).hasValue("ses");
        assertThat(message.providerMessageId()).hasValue("ses-1");
        assertThat(message.to()).as("kept from creation").hasValue("person@example.com");
        assertThat(message.subject()).hasValue("Hello");
        assertThat(message.updatedAt()).isEqualTo(later);
    }

    @EachDatabase
    void eventsOfAnotherTenantNamingTheSameIdMakeThatTenantsOwnMessage(TestDatabase db) {
        JdbcStore store = db.open();
        String id = newMessageId();
        store.createMessage(message(id, "tenant-a"));
        Message before = store.findMessage("tenant-a", id).orElseThrow();

        AppendResult foreign = store.append("tenant-b", email(EventType.EMAIL_COMPLAINED, id,
                data -> data.put("provider", "evil").put("provider_message_id", "evil-1")));
        store.append("tenant-b", opened(id, false));

        assertThat(foreign.duplicate()).isFalse();
        assertThat(store.findMessage("tenant-a", id)).as("tenant-a's message is untouched").hasValue(before);
        Message theirs = store.findMessage("tenant-b", id).orElseThrow();
        assertThat(theirs.tenantId()).isEqualTo("tenant-b");
        assertThat(theirs.status()).isEqualTo(MessageStatus.COMPLAINED);
        assertThat(theirs.counters().opens()).isEqualTo(1);
        assertThat(theirs.provider()).hasValue("evil");
        assertThat(store.timeline("tenant-b", id, 10)).hasSize(2);
        assertThat(store.timeline("tenant-a", id, 10)).isEmpty();
        assertThat(store.findMessageWithoutTenant(id)).as("two tenants hold the id: no tenant is guessed").isEmpty();
    }

    @EachDatabase
    void messageIdsArePerTenant(TestDatabase db) {
        JdbcStore store = db.open();
        String id = newMessageId();
        store.createMessage(message(id, "tenant-a"));

        store.createMessage(message(id, "tenant-b"));
        assertThatThrownBy(() -> store.createMessage(message(id, "tenant-a")))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("email_id"));
        assertThat(store.findMessage("tenant-a", id).orElseThrow().tenantId()).isEqualTo("tenant-a");
        assertThat(store.findMessage("tenant-b", id).orElseThrow().tenantId()).isEqualTo("tenant-b");
        assertThat(store.findMessages("tenant-b", List.of(id, "msg_nope"))).extracting(Message::tenantId)
                .containsExactly("tenant-b");
    }

    @EachDatabase
    void createdMessageReadsBackAsWritten(TestDatabase db) {
        JdbcStore store = db.open();
        Message written = message(newMessageId(), "default");

        store.createMessage(written);

        assertThat(store.findMessage("default", written.id())).hasValue(written);
        assertThat(store.findMessageWithoutTenant(written.id())).as("the only tenant that has the id").hasValue(written);
        assertThat(store.findMessage("another", written.id())).isEmpty();
    }

    @EachDatabase
    void registeringMessagesAddsTheNewOnesAndLeavesTheTenantsExistingOnesAsTheyAre(TestDatabase db) {
        JdbcStore store = db.open();
        String existing = newMessageId();
        String fresh = newMessageId();
        Message before = message(existing, "tenant-a");
        store.createMessage(before);
        Message again = new Message(existing, "tenant-a", Optional.of("other@example.com"), Optional.empty(),
                Optional.of("Changed"), List.of(), EventCodec.MAPPER.createObjectNode(), Optional.empty(),
                Optional.empty(), MessageStatus.CREATED, Message.Counters.ZERO, Message.Milestones.NONE,
                Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z"));

        store.registerMessages(List.of(again, message(fresh, "tenant-a"), message(existing, "tenant-b")));

        assertThat(store.findMessage("tenant-a", existing)).hasValue(before);
        assertThat(store.findMessage("tenant-a", fresh)).hasValue(message(fresh, "tenant-a"));
        assertThat(store.findMessage("tenant-b", existing)).as("another tenant's message of the same id")
                .hasValue(message(existing, "tenant-b"));
    }

    @EachDatabase
    void eventWithoutEmailIdMakesNoMessage(TestDatabase db) {
        JdbcStore store = db.open();
        ObjectNode data = EventCodec.MAPPER.createObjectNode().put("to", "user@example.com");

        store.append("default", new dev.postcard.event.Event("evt_no_msg", EventType.EMAIL_BOUNCED, T0, data));

        assertThat(store.listEvents("default", Queries.byTo("user@example.com", 10)).items()).hasSize(1);
        assertThat(store.listEvents("default", Queries.byType(EventType.EMAIL_BOUNCED, 10)).items()).hasSize(1);
    }

    @EachDatabase
    void milestonesKeepTheEarliestDeliveryAndOpen(TestDatabase db) {
        Store store = db.open();
        String id = newMessageId();
        Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
        store.append("default", List.of(
                TestEvents.email("evt_d2", EventType.EMAIL_DELIVERED, id, t0.plusSeconds(60), d -> { }),
                TestEvents.email("evt_o2", EventType.EMAIL_OPENED, id, t0.plusSeconds(300), d -> d.put("machine", true)),
                TestEvents.email("evt_b", EventType.EMAIL_BOUNCED, id, t0.plusSeconds(10), d -> { })));
        store.append("default", List.of(
                TestEvents.email("evt_d1", EventType.EMAIL_DELIVERED, id, t0.plusSeconds(30), d -> { }),
                TestEvents.email("evt_o1", EventType.EMAIL_OPENED, id, t0.plusSeconds(120), d -> { }),
                TestEvents.email("evt_o3", EventType.EMAIL_OPENED, id, t0.plusSeconds(900), d -> { })));

        Message.Milestones milestones = store.findMessage("default", id).orElseThrow().milestones();
        assertThat(milestones.deliveredAt()).contains(t0.plusSeconds(30));
        assertThat(milestones.firstOpenedAt()).contains(t0.plusSeconds(120));
    }

    @EachDatabase
    void aMessageWithoutDeliveryOrOpenHasNoMilestones(TestDatabase db) {
        Store store = db.open();
        String id = newMessageId();
        store.append("default", TestEvents.email(EventType.EMAIL_SENT, id));
        assertThat(store.findMessage("default", id).orElseThrow().milestones()).isEqualTo(Message.Milestones.NONE);
    }

    private static MessageStatus statusAfter(Store store, String id, EventType type) {
        store.append("default", email(type, id));
        return store.findMessage("default", id).orElseThrow().status();
    }

    private static Message message(String id, String tenantId) {
        ObjectNode metadata = EventCodec.MAPPER.createObjectNode().put("plan", "pro").put("seats", 3);
        return new Message(id, tenantId, Optional.of("person@example.com"), Optional.of("app@example.org"),
                Optional.of("Hello"), List.of("a", "b"), metadata, Optional.empty(), Optional.empty(),
                MessageStatus.CREATED, Message.Counters.ZERO, Message.Milestones.NONE, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z"));
    }
}
