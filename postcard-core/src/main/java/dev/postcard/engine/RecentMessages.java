package dev.postcard.engine;

import dev.postcard.event.Message;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * A bounded cache of message records, by tenant and id, for tracking hits and event enrichment: the fields used there
 * (tenant, recipient, sender, subject, tags, metadata) never change after creation, so a cached copy is
 * never stale for them. Two generations: when the young map fills it becomes the old one and the oldest
 * generation is dropped — LRU-like with no lock on the read path.
 */
public final class RecentMessages {
    private final int generationSize;
    private volatile ConcurrentHashMap<Key, Message> young = new ConcurrentHashMap<>();
    private volatile ConcurrentHashMap<Key, Message> old = new ConcurrentHashMap<>();

    /** Message ids are per tenant. */
    private record Key(String tenantId, String emailId) {
    }

    public RecentMessages(int generationSize) {
        this.generationSize = generationSize;
    }

    public Optional<Message> get(String tenantId, String emailId, BiFunction<String, String, Optional<Message>> loader) {
        Key key = new Key(tenantId, emailId);
        Message hit = young.get(key);
        if (hit == null) {
            hit = old.get(key);
            if (hit == null) {
                Optional<Message> loaded = loader.apply(tenantId, emailId);
                loaded.ifPresent(this::put);
                return loaded;
            }
            put(hit);
        }
        return Optional.of(hit);
    }

    /** The cached record, without loading. */
    public Optional<Message> cached(String tenantId, String emailId) {
        Key key = new Key(tenantId, emailId);
        Message hit = young.get(key);
        if (hit == null) {
            hit = old.get(key);
        }
        return Optional.ofNullable(hit);
    }

    public void put(Message message) {
        ConcurrentHashMap<Key, Message> current = young;
        current.put(new Key(message.tenantId(), message.id()), message);
        if (current.size() > generationSize) {
            synchronized (this) {
                if (young == current) {
                    old = current;
                    young = new ConcurrentHashMap<>();
                }
            }
        }
    }
}
