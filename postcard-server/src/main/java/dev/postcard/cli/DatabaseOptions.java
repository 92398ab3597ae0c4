package dev.postcard.cli;

import dev.postcard.Postcard;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Option;

/** Which database a command works on: the same settings, and the same default, as {@code serve}. */
final class DatabaseOptions {
    @Option(names = "--config", description = "a settings file (TOML), as serve reads it (POSTCARD_CONFIG)")
    Path settingsFile;

    @Option(names = "--data-dir", defaultValue = "./data", description = "SQLite file and local state (POSTCARD_DATA_DIR)")
    Path dataDir;

    @Option(names = "--database-url", defaultValue = "", description = "postgres://user:password@host/db or jdbc:postgresql://... for PostgreSQL (POSTCARD_DATABASE_URL)")
    String databaseUrl;

    /** The URL given, or the SQLite file in the data directory, as {@code serve} opens it. */
    String jdbcUrl() {
        return databaseUrl.isBlank() ? Postcard.defaultDatabaseUrl(dataDir) : databaseUrl.strip();
    }

    /**
     * Runs {@code work} with the pool's and Flyway's progress lines held back: a command prints its own result,
     * and only their warnings and errors are worth a line on stderr.
     */
    static <T> T quietly(Supplier<T> work) {
        List<Logger> chatty = List.of(Logger.getLogger("com.zaxxer.hikari"), Logger.getLogger("org.flywaydb"));
        List<Level> before = chatty.stream().map(Logger::getLevel).toList();
        chatty.forEach(logger -> logger.setLevel(Level.WARNING));
        try {
            return work.get();
        } finally {
            for (int i = 0; i < chatty.size(); i++) {
                chatty.get(i).setLevel(before.get(i));
            }
        }
    }
}
