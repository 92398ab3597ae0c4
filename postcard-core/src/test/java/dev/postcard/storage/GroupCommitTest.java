package dev.postcard.storage;

import static dev.postcard.storage.TestEvents.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.PostcardException;
import dev.postcard.event.Event;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
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
import java.util.stream.IntStream;

class GroupCommitTest {
    private static final int THREADS = 32;
    private static final int APPENDS_PER_THREAD = 200;

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
