package dev.postcard.server;

import dev.postcard.event.EventCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/** One line per record for reading in a terminal: time, level, logger, message, then any stack trace. */
public final class TextLogFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder()
                .append(EventCodec.formatInstant(Instant.ofEpochMilli(record.getMillis()))).append(' ')
                .append(String.format("%-5s", name(record.getLevel()))).append(' ')
                .append(record.getLoggerName()).append(": ")
                .append(formatMessage(record)).append(System.lineSeparator());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    /** The names of the log level setting rather than java.util.logging's. */
    private static String name(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARN";
        }
        return v >= Level.INFO.intValue() ? "INFO" : "DEBUG";
    }
}
