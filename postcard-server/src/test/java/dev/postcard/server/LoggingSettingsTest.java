package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import dev.postcard.server.Logging.LogFormat;
import dev.postcard.server.Logging.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** POSTCARD_LOG_LEVEL and POSTCARD_LOG_FORMAT decide what reaches stderr, and how it looks. */
class LoggingSettingsTest {
    private final PrintStream stderr = System.err;
    private final Logger root = Logger.getLogger("");
    private final List<Handler> handlers = List.of(root.getHandlers());
    private final Level rootLevel = root.getLevel();
    private final Map<String, Level> libraries = new HashMap<>();

    {
        for (String name : List.of("com.zaxxer.hikari", "io.helidon", "org.flywaydb")) {
            libraries.put(name, Logger.getLogger(name).getLevel()); // null: inherits
        }
    }

    /** The JVM's logging as the other tests found it. */
    @AfterEach
    void restore() {
        System.setErr(stderr);
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        handlers.forEach(root::addHandler);
        root.setLevel(rootLevel);
        libraries.forEach((name, level) -> Logger.getLogger(name).setLevel(level));
    }

    /** What the console handler writes while {@code work} logs, configured with these settings. */
    private String logged(LogLevel level, LogFormat format, Runnable work) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Logging.configure(level, format); // the console handler takes System.err as it is now
        work.run();
        Logger.getLogger("").getHandlers()[0].flush();
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void textLinesFromTheChosenLevelUp() {
        Logger log = Logger.getLogger("dev.postcard.test");
        String out = logged(LogLevel.WARN, LogFormat.TEXT, () -> {
            log.info("an info line");
            log.warning("a warning line");
            log.severe("an error line");
        });

        assertThat(out).doesNotContain("an info line");
        assertThat(out.lines().toList()).hasSize(2).allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ (WARN |ERROR) dev\\.postcard\\.test: .*"));
    }

    @Test
    void debugShowsFineLinesAsJson() {
        Logger log = Logger.getLogger("dev.postcard.test");
        String out = logged(LogLevel.DEBUG, LogFormat.JSON, () -> log.fine("a debug line"));

        assertThat(out).startsWith("{").contains("\"level\":\"FINE\"").contains("\"msg\":\"a debug line\"");
    }

    @Test
    void librariesStayQuietBelowWarnings() {
        String out = logged(LogLevel.DEBUG, LogFormat.TEXT, () -> {
            Logger.getLogger("com.zaxxer.hikari.pool").info("pool started");
            Logger.getLogger("org.flywaydb.core.internal.command.DbMigrate").info("Migrating schema to version 2");
        });

        assertThat(out).isEmpty();
    }

    @Test
    void otherValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> LogLevel.parse("POSTCARD_LOG_LEVEL", "verbose")).isInstanceOf(InvalidInputException.class)
                .hasMessage("POSTCARD_LOG_LEVEL must be error, warn, info or debug (got 'verbose')");
        assertThatThrownBy(() -> LogFormat.parse("POSTCARD_LOG_FORMAT", "xml")).isInstanceOf(InvalidInputException.class)
                .hasMessage("POSTCARD_LOG_FORMAT must be json or text (got 'xml')");
        assertThat(LogLevel.parse("POSTCARD_LOG_LEVEL", " Debug ")).isEqualTo(LogLevel.DEBUG);
    }
}
