package dev.postcard.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shared conformance data ({@code ../shared/conformance}), read where it lies and never copied. */
public final class ConformanceFiles {
    private ConformanceFiles() {
    }

    public static Path root() {
        String configured = System.getProperty("postcard.conformance.dir");
        Path dir = Path.of(configured == null || configured.isBlank() ? "../../shared/conformance" : configured);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("conformance data not found at " + dir.toAbsolutePath()
                    + " (set -Dpostcard.conformance.dir)");
        }
        return dir;
    }

    public static Path providerDir(String provider) {
        return root().resolve("providers").resolve(provider);
    }

    public static byte[] bytes(String provider, String file) {
        try {
            return Files.readAllBytes(providerDir(provider).resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String provider, String file) {
        return new String(bytes(provider, file), StandardCharsets.UTF_8);
    }

    /** Every file of the provider's directory, by name. */
    public static List<String> files(String provider) {
        try (Stream<Path> list = Files.list(providerDir(provider))) {
            return list.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
