package dev.postcard.storage;

import static dev.postcard.storage.TestEvents.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.Page;
import dev.postcard.PostcardException;
import dev.postcard.StorageUnavailableException;
import dev.postcard.event.AppendResult;
import dev.postcard.event.Event;
import dev.postcard.event.EventQuery;
import dev.postcard.event.StoredEvent;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

class GroupCommitTest {
    private static final int THREADS = 32;
    private static final int APPENDS_PER_THREAD = 200;
    private static final int WAITING = 8;

    @EachDatabase
    void concurrentAppendsShareTransactionsAndEachEventIsStoredOnce(TestDatabase db) throws Exception {
        JdbcStore store = db.open();
        Map<String, AppendResult> results = new ConcurrentHashMap<>();

        runConcurrently(THREADS, thread -> {
            for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                String id = "evt_" + thread + "_" + i;
                AppendResult result = store.append("default", withId(id));
                results.put(id, result);
            }
        });

        int appends = THREADS * APPENDS_PER_THREAD;
        assertThat(results).hasSize(appends);
        results.forEach((id, result) -> {
            assertThat(result.duplicate()).as("result of %s", id).isFalse();
            assertThat(result.stored().event().id()).isEqualTo(id);
        });
        assertThat(results.values().stream().map(r -> r.stored().seq()).distinct().count())
                .as("every event has its own log position").isEqualTo(appends);
        assertThat(allEventIds(store)).hasSize(appends).containsExactlyInAnyOrderElementsOf(results.keySet());
        assertThat(store.committedAppendTransactions())
                .as("group commit shares transactions between callers")
                .isPositive().isLessThan(appends);
    }

    @EachDatabase
    void racingAppendsOfTheSameIdsStoreEachOnceAndAgreeOnIt(TestDatabase db) throws Exception {
        JdbcStore store = db.open();
        List<String> ids = IntStream.range(0, 100).mapToObj(i -> "evt_race_" + i).toList();
        List<List<AppendResult>> perThread = Collections.synchronizedList(new ArrayList<>());

        runConcurrently(8, thread -> {
            List<String> order = new ArrayList<>(ids);
            Collections.shuffle(order, new java.util.Random(thread));
            List<AppendResult> mine = new ArrayList<>();
            for (int i = 0; i < order.size(); i += 10) {
                mine.addAll(store.append("default", order.subList(i, i + 10).stream().map(TestEvents::withId).toList()));
            }
            perThread.add(mine);
        });

        Map<String, Integer> firstWrites = new HashMap<>();
        Map<String, Set<Long>> seqs = new HashMap<>();
        perThread.stream().flatMap(List::stream).forEach(result -> {
            String id = result.stored().event().id();
            seqs.computeIfAbsent(id, k -> new HashSet<>()).add(result.stored().seq());
            if (!result.duplicate()) {
                firstWrites.merge(id, 1, Integer::sum);
            }
        });
        assertThat(firstWrites).as("exactly one caller stored each id").hasSize(100).allSatisfy((id, n) ->
                assertThat(n).as(id).isEqualTo(1));
        assertThat(seqs).allSatisfy((id, s) -> assertThat(s).as("positions reported for %s", id).hasSize(1));
        assertThat(allEventIds(store)).hasSize(100);
    }

    @EachDatabase
    void batchLargerThanTheTransactionCapIsCommittedWhole(TestDatabase db) {
        JdbcStore store = db.open(StoreOptions.defaults().withMaxEventsPerTransaction(10));
        List<Event> events = IntStream.range(0, 450).mapToObj(i -> withId("evt_big_" + i)).toList();

        List<AppendResult> results = store.append("default", events);

        assertThat(results).hasSize(450).noneMatch(AppendResult::duplicate);
        assertThat(allEventIds(store)).hasSize(450);
        assertThat(store.committedAppendTransactions()).isEqualTo(1);
    }

    /**
     * The database away: the callers of a group hear so together after one try, not each after a try of its own,
     * which waits out the pool's connection timeout again (DatabaseOutageTest in postcard-server met a 503 that
     * took longer than a 30 s outage).
     */
    @EachDatabase
    void aGroupThatFindsTheDatabaseAwayFailsTogetherAfterOneTry(TestDatabase db) throws Exception {
        Answers answers = appendWhileTheFirstIsWritten(db,
                new SQLException("An I/O error occurred while sending to the backend.", "08006"), false);

        assertThat(answers.first().get(30, TimeUnit.SECONDS).duplicate()).isFalse();
        for (Future<AppendResult> other : answers.others()) {
            assertThatThrownBy(() -> other.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(StorageUnavailableException.class);
        }
        assertThat(answers.tries()).as("transactions that met the failure").hasValue(1);
    }

    /** No connection in the pool's whole timeout: the batches that queued meanwhile hear so at once, untried. */
    @EachDatabase
    void batchesQueuedWhileNoConnectionCameFailWithoutWaitingAgain(TestDatabase db) throws Exception {
        Answers answers = appendWhileTheFirstIsWritten(db, new SQLTransientConnectionException(
                "postcard - Connection is not available, request timed out after 10000ms", "08001"), true);

        assertThatThrownBy(() -> answers.first().get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(StorageUnavailableException.class);
        for (Future<AppendResult> other : answers.others()) {
            assertThatThrownBy(() -> other.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(StorageUnavailableException.class);
        }
        assertThat(answers.tries()).as("transactions that met the failure").hasValue(1);
    }

    private record Answers(Future<AppendResult> first, List<Future<AppendResult>> others, AtomicInteger tries) {
    }

    /**
     * Appends {@code evt_first} and, while the only writer holds its transaction, {@link #WAITING} batches more, which
     * queue and then form one group. Every transaction that writes one of those meets {@code failure}, and so does
     * the first once the others have queued when {@code firstFails}; {@code tries} counts them.
     */
    private static Answers appendWhileTheFirstIsWritten(TestDatabase db, SQLException failure, boolean firstFails)
            throws InterruptedException {
        AtomicInteger tries = new AtomicInteger();
        AtomicReference<JdbcStore> opened = new AtomicReference<>();
        CountDownLatch writing = new CountDownLatch(1);
        AppendStep step = (connection, dialect, stored) -> {
            if (stored.event().id().equals("evt_first")) {
                writing.countDown();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (opened.get().queuedAppendBatches() < WAITING && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                if (!firstFails) {
                    return;
                }
            }
            tries.incrementAndGet();
            throw failure;
        };
        JdbcStore store = db.open(StoreOptions.defaults().withPostgresWriterThreads(1).withAppendStep(step));
        opened.set(store);
        ExecutorService callers = Executors.newFixedThreadPool(WAITING + 1);
        Future<AppendResult> first = callers.submit(() -> store.append("default", withId("evt_first")));
        assertThat(writing.await(30, TimeUnit.SECONDS)).as("the first append is being written").isTrue();
        List<Future<AppendResult>> others = new ArrayList<>();
        for (int i = 0; i < WAITING; i++) {
            String id = "evt_waiting_" + i;
            others.add(callers.submit(() -> store.append("default", withId(id))));
        }
        callers.shutdown();
        return new Answers(first, others, tries);
    }

    @EachDatabase
    void appendAfterCloseIsRefused(TestDatabase db) {
        JdbcStore store = db.open();
        store.close();

        assertThatThrownBy(() -> store.append("default", withId("evt_late")))
                .isInstanceOf(PostcardException.class)
                .hasMessageContaining("closed");
    }

    @EachDatabase
    void closeAnswersEveryWaitingCallerAndKeepsWhatItConfirmed(TestDatabase db) throws Exception {
        JdbcStore store = db.open();
        ExecutorService callers = Executors.newFixedThreadPool(16);
        AtomicInteger confirmedSoFar = new AtomicInteger();
        List<Future<Optional<AppendResult>>> answers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            answers.add(callers.submit(() -> {
                Optional<AppendResult> last = Optional.empty();
                for (int i = 0; ; i++) {
                    try {
                        last = Optional.of(store.append("default", withId("evt_close_" + thread + "_" + i)));
                        confirmedSoFar.incrementAndGet();
                    } catch (PostcardException closed) {
                        return last;
                    }
                }
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (confirmedSoFar.get() < 100 && System.nanoTime() < deadline) {
            Thread.sleep(5); // close while appends are in full flow
        }

        store.close();

        Set<String> confirmed = new HashSet<>();
        for (Future<Optional<AppendResult>> answer : answers) {
            answer.get(30, TimeUnit.SECONDS).ifPresent(r -> confirmed.add(r.stored().event().id()));
        }
        callers.shutdown();
        assertThat(confirmed).as("the last append each caller saw confirmed").hasSize(16);
        JdbcStore reopened = db.open();
        for (String id : confirmed) {
            assertThat(reopened.findEvent("default", id)).as("confirmed %s survives close", id).isPresent();
        }
    }

    static Set<String> allEventIds(Store store) {
        Set<String> ids = new HashSet<>();
        EventQuery query = EventQuery.all(EventQuery.MAX_LIMIT);
        while (true) {
            Page<StoredEvent> page = store.listEvents("default", query);
            page.items().forEach(e -> assertThat(ids.add(e.event().id())).as("listed twice: %s", e.event().id()).isTrue());
            if (page.nextCursor().isEmpty()) {
                return ids;
            }
            query = Queries.after(query, page.nextCursor().get());
        }
    }

    interface ThreadBody {
        void run(int thread) throws Exception;
    }

    /** Starts the threads together and rethrows the first failure of any of them. */
    static void runConcurrently(int threads, ThreadBody body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                go.await();
                body.run(thread);
                return null;
            }));
        }
        go.countDown();
        try {
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
