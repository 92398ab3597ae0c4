package dev.postcard.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What Postcard knows of one message: who it went to, what it carried for correlation, where it stands,
 * and its engagement counters (machine hits counted apart).
 */
public record Message(
        String id,
        String tenantId,
        Optional<String> to,
        Optional<String> from,
        Optional<String> subject,
        List<String> tags,
        ObjectNode metadata,
        Optional<String> provider,
        Optional<String> providerMessageId,
        MessageStatus status,
        Counters counters,
        Milestones milestones,
        Instant createdAt,
        Instant updatedAt) {

    public Message {
        tags = List.copyOf(tags);
        metadata = metadata.deepCopy();
    }

    @Override
    public ObjectNode metadata() {
        return metadata.deepCopy();
    }

    /**
     * When the message was first delivered and first opened (by anyone, machine or person): what tells a
     * scanner's instant click from a reader's.
     */
    public record Milestones(Optional<Instant> deliveredAt, Optional<Instant> firstOpenedAt) {
        public static final Milestones NONE = new Milestones(Optional.empty(), Optional.empty());
    }

    /** Engagement totals; {@code human*} exclude machine hits. */
    public record Counters(long opens, long humanOpens, long clicks, long humanClicks) {
        public static final Counters ZERO = new Counters(0, 0, 0, 0);
    }
}
