package dev.postcard.http;

import dev.postcard.event.LogEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Writes the text/event-stream format (HTML Living Standard, "Server-sent events"): an {@code id}, an
 * {@code event} (the event type) and one {@code data} line (the stored envelope, which has no line breaks) per
 * event, a blank line after each; comment lines keep idle connections open. Each call writes one flushed chunk.
 */
final class SseWriter {
    private final OutputStream out;

    SseWriter(OutputStream out) {
        this.out = out;
    }

    /**
     * The reconnection delay for clients, a comment so the client sees the stream is open, and the id of the event
     * the stream starts after, when there is one: a field block without data sets the client's last event id
     * without an event, so a client that loses the connection before the first event still resumes from here.
     */
    void open(long retryMillis, Optional<String> startsAfter) throws IOException {
        send("retry: " + retryMillis + "\n: stream open\n" + startsAfter.map(id -> "id: " + id + "\n").orElse("")
                + "\n");
    }

    void events(List<LogEntry> entries) throws IOException {
        StringBuilder text = new StringBuilder(entries.size() * 512);
        for (LogEntry entry : entries) {
            text.append("id: ").append(entry.id()).append('\n')
                    .append("event: ").append(entry.type()).append('\n')
                    .append("data: ").append(oneLine(entry.json())).append("\n\n");
        }
        send(text.toString());
    }

    void heartbeat() throws IOException {
        send(": keep-alive\n\n");
    }

    private void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Stored envelopes are compact JSON; a line break inside one would end the data field early. */
    private static String oneLine(String json) {
        return json.indexOf('\n') < 0 && json.indexOf('\r') < 0 ? json
                : json.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }
}
