package dev.postcard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.Postcard;
import dev.postcard.event.AppendResult;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import dev.postcard.event.StoredEvent;
import dev.postcard.tenant.ApiKeys;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import dev.postcard.tracking.InstrumentRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

class PostcardEngineTest {

    private static Event delivered(String id, String emailId) {
        ObjectNode data = EventCodec.MAPPER.createObjectNode();
        data.put("email_id", emailId);
        return new Event(id, EventType.EMAIL_DELIVERED, MovableClock.START, data);
    }

    private static Postcard engine(TestDatabase db) {
        return Postcard.builder().databaseUrl(db.url()).clock(MovableClock.atStart()).build();
    }

    @EachDatabase
    void listenersSeeEventsAfterTheyAreDurableAndNeverDuplicates(TestDatabase db) throws Exception {
        try (Postcard postcard = engine(db)) {
            CountDownLatch seen = new CountDownLatch(1);
            List<Boolean> storedWhenSeen = new CopyOnWriteArrayList<>();
            List<String> ids = new CopyOnWriteArrayList<>();
            postcard.on("delivered", e -> {
                storedWhenSeen.add(postcard.store().findEvent(e.tenantId(), e.event().id()).isPresent());
                ids.add(e.event().id());
                seen.countDown();
            });
            postcard.record("default", delivered("evt_a", "msg_1"));
            postcard.record("default", delivered("evt_a", "msg_1"));
            assertThat(seen.await(5, TimeUnit.SECONDS)).isTrue();
            postcard.close(); // drains the listener queue
            assertThat(ids).containsExactly("evt_a");
            assertThat(storedWhenSeen).containsExactly(true);
        }
    }

    @EachDatabase
    void aFailingListenerDoesNotStopOthersOrTheRecording(TestDatabase db) throws Exception {
        try (Postcard postcard = engine(db)) {
            CountDownLatch good = new CountDownLatch(2);
            postcard.on("*", e -> {
                throw new IllegalStateException("listener bug");
            });
            postcard.on("email.*", e -> good.countDown());
            AppendResult first = postcard.record("default", delivered("evt_1", "msg_1"));
            postcard.record("default", delivered("evt_2", "msg_1"));
            assertThat(first.duplicate()).isFalse();
            assertThat(good.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @EachDatabase
    void eventsAreCompletedFromTheMessageRecordOfTheirTenantOnly(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            postcard.tenants().create("other", "Other");
            String emailId = postcard.tracking().instrument("default", new InstrumentRequest(Optional.empty(),
                    Optional.empty(), "Ada@Example.com", Optional.of("app@example.org"), Optional.of("Welcome"),
                    List.of("onboarding"), EventCodec.MAPPER.createObjectNode().put("user_id", "42"))).emailId();

            StoredEvent mine = postcard.record("default", delivered("evt_mine", emailId)).stored();
            assertThat(mine.event().recipient()).contains("ada@example.com");
            assertThat(mine.event().text("subject")).contains("Welcome");
            assertThat(mine.event().text("delivered_at")).isPresent();
            assertThat(mine.json()).contains("\"tags\":[\"onboarding\"]", "\"metadata\":{\"user_id\":\"42\"}");

            StoredEvent theirs = postcard.record("other", delivered("evt_theirs", emailId)).stored();
            assertThat(theirs.event().recipient()).isEmpty();
            assertThat(theirs.json()).doesNotContain("Welcome");
        }
    }

    @EachDatabase
    void apiKeysAreHashedCheckedAndRevoked(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            ApiKeys.CreatedKey created = postcard.keys().create("default", "ci", false);
            assertThat(created.plaintext()).startsWith(ApiKeys.KEY_PREFIX);
            assertThat(created.key().keyHash()).isEqualTo(ApiKeys.hash(created.plaintext()))
                    .doesNotContain(created.plaintext());
            assertThat(postcard.keys().authenticate(created.plaintext())).map(k -> k.id()).contains(created.key().id());
            assertThat(postcard.keys().authenticate(created.plaintext() + "x")).isEmpty();

            postcard.keys().revoke("default", created.key().id(), true);
            assertThat(postcard.keys().authenticate(created.plaintext())).isEmpty();
            assertThat(postcard.store().listEvents("default", new dev.postcard.event.EventQuery(
                    Optional.of(EventType.API_KEY_REVOKED), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), 10)).items())
                    .singleElement().satisfies(e -> assertThat(e.event().text("key_id")).contains(created.key().id()));
        }
    }

    @EachDatabase
    void theAdminKeyIsGeneratedOnceOrTakenFromConfiguration(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            Optional<String> first = postcard.keys().ensureAdminKey(Optional.empty());
            assertThat(first).isPresent();
            assertThat(postcard.keys().ensureAdminKey(Optional.empty())).isEmpty();
            assertThat(postcard.keys().authenticate(first.get())).hasValueSatisfying(k -> assertThat(k.admin()).isTrue());

            String configured = "pck_configured_admin_key_0123";
            assertThat(postcard.keys().ensureAdminKey(Optional.of(configured))).isEmpty();
            assertThat(postcard.keys().ensureAdminKey(Optional.of(configured))).isEmpty();
            assertThat(postcard.keys().authenticate(configured)).hasValueSatisfying(k -> assertThat(k.admin()).isTrue());
        }
    }

    @EachDatabase
    void theConfiguredAdminKeyIsTheOperatorsWord(TestDatabase db) {
        String configured = "pck_configured_admin_key_0123";
        String next = "pck_the_next_configured_admin_key";
        try (Postcard first = engine(db)) {
            first.keys().ensureAdminKey(Optional.of(configured));
            String id = first.keys().authenticate(configured).orElseThrow().id();
            first.keys().revoke("default", id, true);
        }
        try (Postcard restarted = engine(db)) {
            assertThat(restarted.keys().authenticate(configured)).as("revoked through the API").isEmpty();
            restarted.keys().ensureAdminKey(Optional.of(configured));
            assertThat(restarted.keys().authenticate(configured)).as("active again: the configuration says so")
                    .hasValueSatisfying(k -> assertThat(k.admin()).isTrue());
        }
        try (Postcard reconfigured = engine(db)) {
            reconfigured.keys().ensureAdminKey(Optional.of(next));
            assertThat(reconfigured.keys().authenticate(next)).isPresent();
            assertThat(reconfigured.keys().authenticate(configured)).as("no longer configured").isEmpty();
        }
    }

    @EachDatabase
    void aKeyShowsAtMostAQuarterOfItselfAndNeverMoreThanEightCharacters(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            postcard.keys().ensureAdminKey(Optional.of("0123456789abcdef"));
            ApiKeys.CreatedKey generated = postcard.keys().create("default", "ci", false);

            assertThat(postcard.keys().authenticate("0123456789abcdef").orElseThrow().keyPrefix()).isEqualTo("0123");
            assertThat(generated.key().keyPrefix()).hasSize(8).startsWith("pck_")
                    .isEqualTo(generated.plaintext().substring(0, 8));
        }
    }

    @EachDatabase
    void openHitsOfKnownMessagesAreRecordedAndUnknownOnesAreNot(TestDatabase db) {
        try (Postcard postcard = engine(db)) {
            String emailId = postcard.tracking().instrument("default", new InstrumentRequest(Optional.empty(),
                    Optional.of("<p>hi</p>"), "a@example.com", Optional.empty(), Optional.empty(), List.of(),
                    EventCodec.MAPPER.createObjectNode())).emailId();
            var person = new dev.postcard.tracking.HitRequest(false,
                    Optional.of("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"),
                    Optional.empty());
            postcard.tracking().open(emailId, person);
            postcard.tracking().open(IdPrefix.MESSAGE.newId(), person);
            var events = postcard.store().timeline("default", emailId, 10);
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.event().type()).isEqualTo(EventType.EMAIL_OPENED);
                assertThat(e.event().flag("machine")).isFalse();
            });
            assertThat(postcard.store().listEvents("default", dev.postcard.event.EventQuery.all(50)).items())
                    .filteredOn(e -> e.event().type() == EventType.EMAIL_OPENED).hasSize(1);
        }
    }

    @EachDatabase
    void configuredDomainsAreLeftUntracked(TestDatabase db) {
        try (Postcard postcard = Postcard.builder().databaseUrl(db.url()).clock(MovableClock.atStart())
                .publicUrl("https://t.example.net")
                .excludeClickDomain("docs.example.org").build()) {
            String html = "<p><a href=\"https://docs.example.org/a\">docs</a> <a href=\"https://shop.example.com/b\">shop</a></p>";
            String out = postcard.tracking().instrument("default", new InstrumentRequest(Optional.empty(),
                    Optional.of(html), "a@example.com", Optional.empty(), Optional.empty(), List.of(),
                    EventCodec.MAPPER.createObjectNode())).html().orElseThrow();
            assertThat(out).contains("href=\"https://docs.example.org/a\"")
                    .contains("https://t.example.net/track/click/")
                    .doesNotContain("href=\"https://shop.example.com/b\"");
        }
    }
}
