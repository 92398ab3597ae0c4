package dev.postcard.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import dev.postcard.http.AccessLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per log line. Log messages are written by Postcard's own code, which never puts keys,
 * secrets or passwords in them; this formatter adds only the time, level, logger and stack trace.
 */
public final class JsonLogFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
        ObjectNode line = EventCodec.MAPPER.createObjectNode();
        line.put("ts", EventCodec.formatInstant(Instant.ofEpochMilli(record.getMillis())));
        line.put("level", record.getLevel().getName());
        line.put("logger", record.getLoggerName());
        line.put("msg", formatMessage(record));
        if (record instanceof AccessLog.Entry access) {
            access.fields().forEach((name, value) -> line.putPOJO(name, value));
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.put("error", trace.toString());
        }
        return line + System.lineSeparator();
    }
}
