package dev.postcard.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.Postcard;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** One tenant's import, however long, lets another tenant's events in between its transactions. */
class ImportFairnessTest {

    @EachDatabase
    void anotherTenantsEventIsStoredWhileAnEndlessImportRunsWaitingForAtMostOneOfItsBatches(TestDatabase db)
            throws Exception {
        try (Postcard postcard = Postcard.builder().databaseUrl(db.url()).deliveryWorker(false)
                .clock(MovableClock.atStart()).build()) {
            // Once before: the first event of a JVM loads and compiles the whole append path, and the import
            // would read on meanwhile; what is measured below is the wait for a turn at the write lock.
            postcard.record("tenant-b", delivered("evt_fair_b_first"));
            EndlessCsv csv = new EndlessCsv();
            CompletableFuture<ImportResult> importing = CompletableFuture.supplyAsync(() -> {
                try {
                    return postcard.suppressions().importCsv("tenant-a", csv);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (csv.lines() < 5 * Suppressions.IMPORT_BATCH) {
                    assertThat(System.nanoTime()).as("the import is under way").isLessThan(deadline);
                    assertThat(importing).isNotDone();
                    Thread.sleep(5);
                }

                long before = csv.lines();
                postcard.record("tenant-b", delivered("evt_fair_b"));
                long during = csv.lines() - before;

                assertThat(importing).as("the import still runs").isNotDone();
                // It may finish the batch it is reading or writing, read the next, and (before this thread looks)
                // write that one and read another; with SQLite's own lock, which sleeps and retries in no order,
                // it writes batch after batch while the event waits.
                assertThat(during).as("lines the import read while tenant B's event waited to be stored")
                        .isLessThanOrEqualTo(4L * Suppressions.IMPORT_BATCH);
            } finally {
                csv.end();
            }
            ImportResult result = importing.get(60, TimeUnit.SECONDS);
            assertThat(result.imported()).isGreaterThanOrEqualTo(5L * Suppressions.IMPORT_BATCH);
            assertThat(postcard.store().findEvent("tenant-b", "evt_fair_b")).isPresent();
        }
    }

    private static Event delivered(String id) {
        ObjectNode data = EventCodec.MAPPER.createObjectNode().put("email_id", IdPrefix.MESSAGE.newId())
                .put("to", "b@example.com");
        return new Event(id, EventType.EMAIL_DELIVERED, MovableClock.atStart().instant(), data);
    }

    /** CSV lines of new addresses for as long as the test wants, counting the lines handed out. */
    private static final class EndlessCsv extends Reader {
        private final AtomicLong lines = new AtomicLong();
        private final AtomicBoolean ended = new AtomicBoolean();
        private byte[] pending = new byte[0];
        private int at;

        long lines() {
            return lines.get();
        }

        void end() {
            ended.set(true);
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (at == pending.length) {
                if (ended.get()) {
                    return -1;
                }
                long n = lines.incrementAndGet();
                pending = ("user" + n + "@import.example.com,manual\n").getBytes(StandardCharsets.US_ASCII);
                at = 0;
            }
            int count = Math.min(length, pending.length - at);
            for (int i = 0; i < count; i++) {
                buffer[offset + i] = (char) pending[at + i];
            }
            at += count;
            return count;
        }

        @Override
        public void close() {
        }
    }
}
