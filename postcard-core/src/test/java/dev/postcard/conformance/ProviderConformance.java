package dev.postcard.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance suite of one provider: every file of {@code conformance/providers/<provider>} is read by at
 * least one case, and each case checks what the README there says a correct parser produces. Prints
 * {@code conformance provider <name>: N passed, N failed} when done; {@code .ci/run} shows those lines.
 */
@Tag("conformance")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ProviderConformance {
    private final AtomicInteger passed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    /** The directory name under {@code providers/}. */
    protected abstract String provider();

    protected abstract List<ConformanceCase> cases();

    @TestFactory
    Stream<DynamicTest> conformance() {
        List<ConformanceCase> cases = new ArrayList<>(cases());
        cases.add(ConformanceCase.of("every file is checked", List.of(), () -> {
            Set<String> covered = new TreeSet<>();
            cases().forEach(c -> covered.addAll(c.files()));
            List<String> files = new ArrayList<>(ConformanceFiles.files(provider()));
            files.remove("README.md");
            assertThat(covered).as("files of providers/%s read by some case", provider()).containsAll(files);
        }));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            try {
                c.check().execute();
                passed.incrementAndGet();
            } catch (Throwable t) {
                failed.incrementAndGet();
                throw t;
            }
        }));
    }

    @AfterAll
    void report() {
        System.out.printf("conformance provider %s: %d passed, %d failed%n", provider(), passed.get(), failed.get());
    }
}
