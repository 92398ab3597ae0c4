package dev.postcard.cli;

import dev.postcard.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A setting's value kept in a file of its own (a Docker or Kubernetes secret, a systemd credential): the whole
 * content but one line break at the end, which editors and {@code echo} add and no value means.
 */
final class ValueFile {
    private ValueFile() {
    }

    /** The value, or null when the file holds nothing; {@code source} names where the file was named, for errors. */
    static String read(String setting, String source, Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidInputException(setting, source + ": cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        String value = content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        return value.isBlank() ? null : value;
    }
}
