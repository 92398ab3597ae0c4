package dev.postcard.release;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Which release is running: the version and the commit the build wrote into the jar's manifest
 * ({@code Implementation-Version}, {@code Implementation-Build}). Run from classes (tests, an IDE), the version is
 * {@code dev} and the commit {@code unknown}.
 */
public final class Release {
    /** The manifest is read once: both values come from it. */
    private static final Attributes BUILT = attributes(codeSource());
    private static final String VERSION = value(BUILT, "Implementation-Version", "dev");
    private static final String COMMIT = value(BUILT, "Implementation-Build", "unknown");

    private Release() {
    }

    public static String version() {
        return VERSION;
    }

    /** The commit the release was built from, its first 12 hex digits; {@code unknown} outside a git checkout. */
    public static String commit() {
        return COMMIT;
    }

    /** An attribute of the manifest of the jar at {@code location}; {@code otherwise} for classes or a failure. */
    static String attribute(Path location, String attribute, String otherwise) {
        return value(attributes(location), attribute, otherwise);
    }

    private static Path codeSource() {
        try {
            return Path.of(Release.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Path.of("");
        }
    }

    /** The main attributes of the jar's manifest; none for a directory of classes or an unreadable jar. */
    private static Attributes attributes(Path location) {
        if (!Files.isRegularFile(location)) {
            return new Attributes();
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            Manifest manifest = jar.getManifest();
            return manifest == null ? new Attributes() : manifest.getMainAttributes();
        } catch (IOException e) {
            return new Attributes();
        }
    }

    private static String value(Attributes attributes, String name, String otherwise) {
        String value = attributes.getValue(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
