package dev.postcard.storage;

import static dev.postcard.storage.TestEvents.withId;
import static dev.postcard.storage.TestEvents.withSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import dev.postcard.event.AppendResult;
import dev.postcard.event.Event;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

class AppendStepTest {

    /** Writes a setting per event: visible after commit only if the step shared the event's transaction. */
    private static final AppendStep RECORD_IN_SETTINGS = (connection, dialect, stored) -> {
        try (PreparedStatement sees = connection.prepareStatement("SELECT id FROM events WHERE seq = ?")) {
            sees.setLong(1, stored.seq());
            try (ResultSet row = sees.executeQuery()) {
                if (!row.next() || !row.getString(1).equals(stored.event().id())) {
                    throw new IllegalStateException("the step does not see its own event");
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO settings (name, value) VALUES (?, ?)")) {
            insert.setString(1, "step:" + stored.event().id());
            insert.setString(2, Long.toString(stored.seq()));
            insert.executeUpdate();
        }
    };

    @EachDatabase
    void stepWritesCommitWithTheEvent(TestDatabase db) {
        JdbcStore store = db.open(StoreOptions.defaults().withAppendStep(RECORD_IN_SETTINGS));

        AppendResult result = store.append("default", withId("evt_step"));

        assertThat(store.setting("step:evt_step")).hasValue(Long.toString(result.stored().seq()));
    }

    @EachDatabase
    void stepsRunOncePerNewEventAndNeverForDuplicates(TestDatabase db) {
        JdbcStore store = db.open();
        AtomicInteger calls = new AtomicInteger();
        store.addAppendStep((connection, dialect, stored) -> calls.incrementAndGet());

        store.append("default", List.of(withId("evt_1"), withId("evt_2"), withId("evt_1")));
        store.append("default", withId("evt_2"));

        assertThat(calls).hasValue(2);
    }

    @EachDatabase
    void addingAStepAfterTheFirstAppendIsRefused(TestDatabase db) {
        JdbcStore store = db.open();
        store.append("default", withId("evt_1"));

        assertThatThrownBy(() -> store.addAppendStep((c, d, s) -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    @EachDatabase
    void failingStepRollsBackItsOwnBatchOnlyAndReachesItsCaller(TestDatabase db) throws Exception {
        AtomicReference<JdbcStore> storeRef = new AtomicReference<>();
        CountDownLatch gateEntered = new CountDownLatch(1);
        AppendStep step = (connection, dialect, stored) -> {
            if (stored.event().text("subject").orElse("").equals("gate")) {
                gateEntered.countDown();
                holdUntilQueued(storeRef.get(), 2); // the next two batches will share one transaction
            }
            if (stored.event().text("subject").orElse("").equals("poison")) {
                throw new InvalidInputException("data.subject", "poison refused");
            }
            RECORD_IN_SETTINGS.apply(connection, dialect, stored);
        };
        JdbcStore store = db.open(StoreOptions.defaults().withPostgresWriterThreads(1).withAppendStep(step));
        storeRef.set(store);

        Event gate = withSubject("gate");
        Event innocentOfBadBatch = withSubject("innocent");
        Event poison = withSubject("poison");
        Event good = withSubject("good");
        CompletableFuture<AppendResult> gateCall = CompletableFuture.supplyAsync(() -> store.append("default", gate));
        assertThat(gateEntered.await(10, TimeUnit.SECONDS)).as("the writer holds the gate").isTrue();
        CompletableFuture<List<AppendResult>> badCall =
                CompletableFuture.supplyAsync(() -> store.append("default", List.of(innocentOfBadBatch, poison)));
        CompletableFuture<AppendResult> goodCall = CompletableFuture.supplyAsync(() -> store.append("default", good));

        assertThat(gateCall.get(30, TimeUnit.SECONDS).duplicate()).isFalse();
        assertThat(goodCall.get(30, TimeUnit.SECONDS).duplicate()).as("the other caller's append").isFalse();
        assertThatThrownBy(() -> badCall.get(30, TimeUnit.SECONDS))
                .cause().isInstanceOf(InvalidInputException.class).hasMessage("poison refused");

        assertThat(store.findEvent("default", good.id())).isPresent();
        assertThat(store.setting("step:" + good.id())).isPresent();
        assertThat(store.findEvent("default", poison.id())).isEmpty();
        assertThat(store.findEvent("default", innocentOfBadBatch.id()))
                .as("the failing batch is all or nothing").isEmpty();
        assertThat(store.setting("step:" + innocentOfBadBatch.id())).isEmpty();
        assertThat(store.findMessage("default", innocentOfBadBatch.emailId().orElseThrow())).isEmpty();
        assertThat(store.committedAppendTransactions()).as("gate, then the good batch alone").isEqualTo(2);
    }

    @EachDatabase
    void bulkWorkTakesTurnsWithRequestsOneChunkATime(TestDatabase db) throws Exception {
        AtomicReference<JdbcStore> storeRef = new AtomicReference<>();
        CountDownLatch gateEntered = new CountDownLatch(1);
        AppendStep gateStep = (connection, dialect, stored) -> {
            if (stored.event().text("subject").orElse("").equals("gate")) {
                gateEntered.countDown();
                holdUntilQueued(storeRef.get(), 4);
            }
        };
        JdbcStore store = db.open(StoreOptions.defaults().withPostgresWriterThreads(1).withAppendStep(gateStep));
        storeRef.set(store);
        CompletableFuture<AppendResult> gateCall = CompletableFuture.supplyAsync(() -> store.append("a", withSubject("gate")));
        assertThat(gateEntered.await(10, TimeUnit.SECONDS)).as("the writer holds the gate").isTrue();

        List<CompletableFuture<List<AppendResult>>> bulk = new java.util.ArrayList<>();
        for (int chunk = 0; chunk < 3; chunk++) {
            List<Event> events = java.util.stream.IntStream.range(0, 20).mapToObj(i -> withSubject("bulk")).toList();
            bulk.add(CompletableFuture.supplyAsync(() -> store.appendBulk("a", events)));
        }
        holdUntilQueued(store, 3);
        CompletableFuture<AppendResult> request = CompletableFuture.supplyAsync(() -> store.append("b", withSubject("request")));

        long requestSeq = request.get(30, TimeUnit.SECONDS).stored().seq();
        gateCall.get(30, TimeUnit.SECONDS);
        List<Long> chunksBefore = new java.util.ArrayList<>();
        for (CompletableFuture<List<AppendResult>> chunk : bulk) {
            long seq = chunk.get(30, TimeUnit.SECONDS).getFirst().stored().seq();
            if (seq < requestSeq) {
                chunksBefore.add(seq);
            }
        }
        assertThat(chunksBefore).as("bulk chunks queued before the request and stored before it").hasSize(1);
        assertThat(store.committedAppendTransactions()).as("the gate, then each chunk alone and the request")
                .isEqualTo(5);
    }

    @EachDatabase
    void bulkWorkIsCommittedInChunksInLogOrder(TestDatabase db) {
        JdbcStore store = db.open();
        int chunk = db.dialect() == Dialect.SQLITE ? JdbcStore.BULK_CHUNK_SQLITE : JdbcStore.BULK_CHUNK_POSTGRES;
        List<Event> events = java.util.stream.IntStream.range(0, 2 * chunk + 1).mapToObj(i -> withId("evt_bulk_" + i))
                .toList();

        List<AppendResult> results = store.appendBulk("a", events);

        assertThat(results).extracting(r -> r.stored().event().id())
                .containsExactlyElementsOf(events.stream().map(Event::id).toList());
        assertThat(results).extracting(r -> r.stored().seq()).isSorted();
        assertThat(store.committedAppendTransactions()).as("one transaction per chunk").isEqualTo(3);
    }

    private static void holdUntilQueued(JdbcStore store, int batches) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.queuedAppendBatches() < batches) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the batches were never queued");
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
