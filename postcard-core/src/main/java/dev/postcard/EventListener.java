package dev.postcard;

import dev.postcard.event.StoredEvent;

/** Called in-process for each newly stored event, after it is durable. */
@FunctionalInterface
public interface EventListener {
    void onEvent(StoredEvent event);
}
