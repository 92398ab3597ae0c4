package dev.postcard.delivery;

import dev.postcard.event.EventType;
import java.util.Objects;

/**
 * A delivery leased to one node, with what it needs to attempt it: the webhook (url, secrets) and the event's
 * stored envelope, to be sent byte for byte.
 */
public record ClaimedDelivery(Delivery delivery, Webhook webhook, EventType eventType, String envelope) {
    public ClaimedDelivery {
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(envelope, "envelope");
    }
}
