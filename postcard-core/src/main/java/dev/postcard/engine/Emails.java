package dev.postcard.engine;

import dev.postcard.event.Message;
import dev.postcard.event.StoredEvent;
import dev.postcard.storage.Store;
import java.util.List;
import java.util.Optional;

/** The emails Postcard knows of: each message's state and the events about it. */
public final class Emails {
    private final Store store;

    public Emails(Store store) {
        this.store = store;
    }

    public Optional<Message> find(String tenantId, String emailId) {
        return store.findMessage(tenantId, emailId);
    }

    /** The events about one message, oldest first, at most {@code limit}. */
    public List<StoredEvent> timeline(String tenantId, String emailId, int limit) {
        return store.timeline(tenantId, emailId, limit);
    }
}
