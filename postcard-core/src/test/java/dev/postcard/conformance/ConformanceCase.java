package dev.postcard.conformance;

import java.util.List;
import org.junit.jupiter.api.function.Executable;

/** One expectation of the conformance README: a name, the files it reads, and the check. */
public record ConformanceCase(String name, List<String> files, Executable check) {
    public static ConformanceCase of(String file, Executable check) {
        return new ConformanceCase(file, List.of(file), check);
    }

    public static ConformanceCase of(String name, List<String> files, Executable check) {
        return new ConformanceCase(name, files, check);
    }
}
