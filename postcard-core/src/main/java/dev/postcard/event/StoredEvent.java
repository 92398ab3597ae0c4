package dev.postcard.event;


/**
 * An event as the log holds it. {@code seq} is the log position (ascending in commit order within one store);
 * {@code json} is the exact envelope that was stored, sent byte for byte to webhooks.
 */
public record StoredEvent(long seq, String tenantId, Event event, String json) {
}
