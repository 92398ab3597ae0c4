package dev.postcard.event;

/**
 * One event of the log as a live stream sends it: its position in the log, its id and type, and the envelope
 * exactly as stored ({@code null} where only the position was asked for). Unlike {@link StoredEvent} the envelope
 * is not parsed: a stream only passes it on.
 */
public record LogEntry(long seq, String id, String type, String json) {
}
