package dev.postcard.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.Postcard;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** CSV import and export of suppression lists, streamed both ways. */
class SuppressionCsvTest {
    private static final String TENANT = "default";
    private static final int ROWS = 20_000;

    @EachDatabase
    void twentyThousandEntriesRoundTripThroughCsv(TestDatabase db) throws IOException {
        try (Postcard postcard = Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).clock(MovableClock.atStart())
                .build()) {
            Suppressions suppressions = postcard.suppressions();
            ImportResult first = suppressions.importCsv(TENANT, new GeneratedCsv(ROWS));
            assertThat(first.imported()).isEqualTo(ROWS);
            assertThat(first.updated()).isZero();
            assertThat(first.rejected()).isEmpty();

            LineCollector export = new LineCollector();
            suppressions.exportCsv(TENANT, export);
            List<String> lines = export.lines();
            assertThat(lines.getFirst()).isEqualTo(SuppressionCsv.HEADER);
            assertThat(lines).hasSize(ROWS + 1);
            Set<String> addresses = new HashSet<>();
            for (String line : lines.subList(1, lines.size())) {
                List<String> fields = SuppressionCsv.fields(line);
                addresses.add(fields.get(0));
                assertThat(fields.get(1)).isEqualTo("manual");
                assertThat(fields.get(5)).startsWith("note, with \"quotes\" ");
            }
            assertThat(addresses).hasSize(ROWS).contains("user00000@example.com", "user19999@example.com");
            assertThat(export.writes).as("written in pages, not built in memory").isGreaterThan(ROWS / 1000);

            ImportResult again = suppressions.importCsv(TENANT, new StringReader(String.join("\n", lines)));
            assertThat(again.imported()).isZero();
            assertThat(again.updated()).isEqualTo(ROWS);
            LineCollector second = new LineCollector();
            suppressions.exportCsv(TENANT, second);
            assertThat(second.lines()).as("importing an export changes nothing").isEqualTo(lines);
        }
    }

    @EachDatabase
    void badLinesAreRejectedAloneAndNumbered(TestDatabase db) throws IOException {
        try (Postcard postcard = Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).clock(MovableClock.atStart())
                .build()) {
            Suppressions suppressions = postcard.suppressions();
            StringBuilder csv = new StringBuilder("Address,Reason,Expires_At,Note\n");
            csv.append("good@example.com,complaint,,\"a, b\"\n");                  // 2
            csv.append("not-an-address,manual,,\n");                               // 3
            csv.append("x@example.com,angry,,\n");                                 // 4
            csv.append("y@example.com,manual,yesterday,\n");                       // 5
            csv.append("z@example.com,manual,2001-01-01T00:00:00Z,\n");            // 6
            csv.append("q@example.com,\"manual,,\n");                              // 7
            csv.append("r@example.com,manual,,,extra\n");                          // 8
            csv.append("\n");                                                      // 9 (blank: skipped)
            csv.append("short@example.com\n");                                     // 10: the other columns blank
            csv.append("GOOD@example.com,hard_bounce,,\n");                        // 11: an update
            for (int i = 0; i < 150; i++) {
                csv.append("bad").append(i).append('\n');
            }
            ImportResult result = suppressions.importCsv(TENANT, new StringReader(csv.toString()));

            assertThat(result.imported()).isEqualTo(2);
            assertThat(result.updated()).isEqualTo(1);
            assertThat(result.rejectedTotal()).isEqualTo(6 + 150);
            assertThat(result.rejected()).hasSize(ImportResult.MAX_LISTED);
            assertThat(result.rejected().subList(0, 6)).extracting(ImportResult.Rejection::line)
                    .containsExactly(3L, 4L, 5L, 6L, 7L, 8L);
            assertThat(result.rejected().get(0).error()).contains("address");
            assertThat(result.rejected().get(1).error()).contains("reason");
            assertThat(result.rejected().get(2).error()).contains("expires_at");
            assertThat(result.rejected().get(3).error()).contains("expires_at");
            assertThat(result.rejected().get(4).error()).contains("quoted");
            assertThat(result.rejected().get(5).error()).contains("fields");
            Suppression good = suppressions.find(TENANT, "good@example.com").orElseThrow();
            assertThat(good.reason()).isEqualTo(SuppressionReason.HARD_BOUNCE);
            assertThat(suppressions.find(TENANT, "short@example.com").map(Suppression::reason))
                    .contains(SuppressionReason.MANUAL);
            assertThat(suppressions.list(TENANT, Optional.empty(), Optional.empty(), 50).items()).hasSize(2);
        }
    }

    @EachDatabase
    void anUnknownColumnRejectsTheWholeImport(TestDatabase db) {
        try (Postcard postcard = Postcard.builder().databaseUrl(db.url()).deliveryWorker(false).clock(MovableClock.atStart())
                .build()) {
            assertThatThrownBy(() -> postcard.suppressions().importCsv(TENANT,
                    new StringReader("address,colour\nred@example.com,red\n")))
                    .isInstanceOf(Suppressions.BadHeaderException.class).hasMessageContaining("colour");
            assertThat(postcard.suppressions().isSuppressed(TENANT, "red@example.com")).isFalse();
        }
    }

    @Test
    void fieldsFollowCsvQuoting() {
        assertThat(SuppressionCsv.fields("a,\"b,c\",\"d\"\"e\",")).containsExactly("a", "b,c", "d\"e", "");
        Suppression entry = new Suppression(TENANT, "a\"b@example.com", SuppressionReason.MANUAL, Optional.of("x, y"),
                Optional.empty(), Instant.parse("2026-11-22T10:00:00Z"), Optional.empty());
        assertThat(SuppressionCsv.fields(SuppressionCsv.row(entry)))
                .containsExactly("a\"b@example.com", "manual", "2026-11-22T10:00:00.000Z", "", "", "x, y");
    }

    @Test
    void aCellASpreadsheetWouldRunAsAFormulaIsExportedInertAndImportsAsItWas() {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        for (String note : List.of("=HYPERLINK(\"http://evil.example\",\"x\")", "+1", "-2+3", "@SUM(A1)")) {
            Suppression entry = new Suppression(TENANT, "a@example.com", SuppressionReason.MANUAL, Optional.of(note),
                    Optional.empty(), now, Optional.empty());
            List<String> fields = SuppressionCsv.fields(SuppressionCsv.row(entry));

            assertThat(fields.getLast()).as(note).isEqualTo("'" + note);
            assertThat(SuppressionCsv.entry(TENANT, SuppressionCsv.COLUMNS, fields, now).note()).hasValue(note);
        }
        Suppression plain = new Suppression(TENANT, "a@example.com", SuppressionReason.MANUAL, Optional.of("it's fine"),
                Optional.empty(), now, Optional.empty());
        assertThat(SuppressionCsv.fields(SuppressionCsv.row(plain)).getLast()).isEqualTo("it's fine");
    }

    /** Lines produced as they are read, never held whole: an import of any size. */
    private static final class GeneratedCsv extends Reader {
        private final int rows;
        private int next = -1;
        private String pending = "";
        private int offset;

        GeneratedCsv(int rows) {
            this.rows = rows;
        }

        @Override
        public int read(char[] buffer, int off, int len) {
            if (offset == pending.length()) {
                if (next >= rows) {
                    return -1;
                }
                pending = next < 0 ? SuppressionCsv.HEADER + "\n"
                        : String.format("user%05d@example.com,manual,,,,\"note, with \"\"quotes\"\" %d\"%n", next, next);
                next++;
                offset = 0;
            }
            int n = Math.min(len, pending.length() - offset);
            pending.getChars(offset, offset + n, buffer, off);
            offset += n;
            return n;
        }

        @Override
        public void close() {
        }
    }

    /** Collects what an export writes and counts the flushes. */
    private static final class LineCollector extends Writer {
        private final StringBuilder text = new StringBuilder();
        int writes;

        @Override
        public void write(char[] buffer, int off, int len) {
            text.append(buffer, off, len);
        }

        @Override
        public void flush() {
            writes++;
        }

        @Override
        public void close() {
        }

        List<String> lines() {
            return new ArrayList<>(List.of(text.toString().split("\n")));
        }
    }
}
