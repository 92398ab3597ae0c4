package dev.postcard.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version and commit come from the manifest the build writes into the jar. */
class ReleaseTest {
    @Test
    void theManifestOfTheJarNamesTheVersionAndTheCommit(@TempDir Path dir) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Implementation-Version", "1.2.3");
        manifest.getMainAttributes().putValue("Implementation-Build", "0123456789ab");
        Path jar = dir.resolve("postcard.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // a jar with a manifest and nothing else
        }

        assertThat(Release.attribute(jar, "Implementation-Version", "dev")).isEqualTo("1.2.3");
        assertThat(Release.attribute(jar, "Implementation-Build", "unknown")).isEqualTo("0123456789ab");
        assertThat(Release.attribute(jar, "Missing-Attribute", "unknown")).isEqualTo("unknown");
        assertThat(Release.attribute(dir, "Implementation-Build", "unknown")).as("classes, not a jar").isEqualTo("unknown");
        assertThat(Release.attribute(Files.writeString(dir.resolve("broken.jar"), "not a jar"), "Implementation-Build",
                "unknown")).isEqualTo("unknown");
    }
}
