package dev.postcard.release;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Which release is running: the version and the commit the build wrote into the jar's manifest
 * ({@code Implementation-Version}, {@code Implementation-Build}). Run from classes (tests, an IDE), the version is
 * {@code dev} and the commit {@code unknown}.
 */
public final class Release {
    private static final String VERSION = read("Implementation-Version", "dev");
    private static final String COMMIT = read("Implementation-Build", "unknown");

    private Release() {
    }

    public static String version() {
        return VERSION;
    }

    /** The commit the release was built from, its first 12 hex digits; {@code unknown} outside a git checkout. */
    public static String commit() {
        return COMMIT;
    }

    private static String read(String attribute, String otherwise) {
        try {
            Path location = Path.of(Release.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return attribute(location, attribute, otherwise);
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return otherwise;
        }
    }

    /** An attribute of the manifest of the jar at {@code location}; {@code otherwise} for classes or a failure. */
    static String attribute(Path location, String attribute, String otherwise) {
        if (!Files.isRegularFile(location)) {
            return otherwise;
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            Manifest manifest = jar.getManifest();
            String value = manifest == null ? null : manifest.getMainAttributes().getValue(attribute);
            return value == null || value.isBlank() ? otherwise : value;
        } catch (IOException e) {
            return otherwise;
        }
    }
}
