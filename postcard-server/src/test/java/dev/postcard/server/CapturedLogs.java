package dev.postcard.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Every log record of the JVM, at every level, from creation until closed: what a test's server logged. */
final class CapturedLogs extends Handler implements AutoCloseable {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Level rootLevelBefore = root.getLevel();

    CapturedLogs() {
        setLevel(Level.ALL);
        root.setLevel(Level.ALL);
        root.addHandler(this);
    }

    List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Each record as Postcard's JSON log line. */
    List<String> lines() {
        JsonLogFormatter formatter = new JsonLogFormatter();
        return records.stream().map(formatter::format).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        root.setLevel(rootLevelBefore);
    }
}
