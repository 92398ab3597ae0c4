package dev.postcard.engine;

import dev.postcard.storage.Message;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A bounded cache of message records for tracking hits and event enrichment: the fields used there
 * (tenant, recipient, sender, subject, tags, metadata) never change after creation, so a cached copy is
 * never stale for them. Two generations: when the young map fills it becomes the old one and the oldest
 * generation is dropped — LRU-like with no lock on the read path.
 */
public final class RecentMessages {
    private final int generationSize;
    private volatile ConcurrentHashMap<String, Message> young = new ConcurrentHashMap<>();
    private volatile ConcurrentHashMap<String, Message> old = new ConcurrentHashMap<>();

    public RecentMessages(int generationSize) {
        this.generationSize = generationSize;
    }

    public Optional<Message> get(String emailId, Function<String, Optional<Message>> loader) {
        Message hit = young.get(emailId);
        if (hit == null) {
            hit = old.get(emailId);
            if (hit == null) {
                Optional<Message> loaded = loader.apply(emailId);
                loaded.ifPresent(this::put);
                return loaded;
            }
            put(hit);
        }
        return Optional.of(hit);
    }

    /** The cached record, without loading. */
    public Optional<Message> cached(String emailId) {
        Message hit = young.get(emailId);
        if (hit == null) {
            hit = old.get(emailId);
        }
        return Optional.ofNullable(hit);
    }

    public void put(Message message) {
        ConcurrentHashMap<String, Message> current = young;
        current.put(message.id(), message);
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
