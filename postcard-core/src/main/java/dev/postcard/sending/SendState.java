package dev.postcard.sending;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EmailAddress;
import dev.postcard.event.Message;
import dev.postcard.event.MessageStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where one recipient's copy of a send stands ({@code "send"} of {@code GET /v1/emails/{id}}).
 *
 * @param sendAt    when it is (or was) to be handed over, for a scheduled send
 * @param attempts  hand-overs started
 * @param transport the transport that answered last
 * @param lastError what the last failed hand-over was answered
 */
public record SendState(String tenantId, String emailId, String sendId, String to, SendStatus status, Optional<Instant> sendAt,
                        int attempts, Optional<String> transport, Optional<String> lastError, String from,
                        String subject, List<String> tags, ObjectNode metadata, Instant createdAt,
                        Instant updatedAt) {

    public SendState {
        tags = List.copyOf(tags);
        metadata = metadata.deepCopy();
    }

    @Override
    public ObjectNode metadata() {
        return metadata.deepCopy();
    }

    /**
     * The message as its record will show it, for the time before the record exists (it is registered when the
     * copy is handed over, or by the copy's first event).
     */
    public Message asMessage() {
        return new Message(emailId, tenantId, Optional.of(to).filter(EmailAddress::isAddress), Optional.of(from),
                Optional.of(subject), tags, metadata, Optional.empty(), Optional.empty(), MessageStatus.CREATED,
                Message.Counters.ZERO, Message.Milestones.NONE, createdAt, updatedAt);
    }

    static SendState of(RecipientRow row) {
        return new SendState(row.tenantId(), row.emailId(), row.sendId(), row.recipient(), row.status(), row.sendAt(),
                row.attempts(), row.transport(), row.lastError(), row.from(), row.subject(), row.tags(),
                row.metadata(), row.createdAt(), row.updatedAt());
    }
}
