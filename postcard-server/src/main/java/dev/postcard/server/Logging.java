package dev.postcard.server;

import dev.postcard.InvalidInputException;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes the JDK logging that Postcard, Helidon and HikariCP use to stderr: JSON lines (for log collectors) or
 * plain text (for a terminal), from the chosen level up. Helidon's, HikariCP's and Flyway's own progress lines
 * stay out unless they are warnings.
 */
public final class Logging {
    /** How much is logged: {@code error}, {@code warn}, {@code info} or {@code debug}. */
    public enum LogLevel {
        ERROR(Level.SEVERE), WARN(Level.WARNING), INFO(Level.INFO), DEBUG(Level.FINE);

        private final Level level;

        LogLevel(Level level) {
            this.level = level;
        }

        public static LogLevel parse(String setting, String value) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(setting, setting + " must be error, warn, info or debug (got '"
                        + value + "')");
            }
        }
    }

    /** How a line looks: {@code json} (one object per line) or {@code text}. */
    public enum LogFormat {
        JSON, TEXT;

        public static LogFormat parse(String setting, String value) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(setting, setting + " must be json or text (got '" + value + "')");
            }
        }

        Formatter formatter() {
            return this == JSON ? new JsonLogFormatter() : new TextLogFormatter();
        }
    }

    private Logging() {
    }

    /** JSON lines from {@code info} up. */
    public static void configure() {
        configure(LogLevel.INFO, LogFormat.JSON);
    }

    public static void configure(LogLevel level, LogFormat format) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(format.formatter());
        console.setLevel(level.level);
        root.addHandler(console);
        root.setLevel(level.level);
        Level libraries = level.level.intValue() > Level.WARNING.intValue() ? level.level : Level.WARNING;
        Logger.getLogger("com.zaxxer.hikari").setLevel(libraries);
        Logger.getLogger("io.helidon").setLevel(libraries);
        Logger.getLogger("org.flywaydb").setLevel(libraries);
    }
}
