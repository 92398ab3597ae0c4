package dev.postcard.sending;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One recipient's row of a send, with the send's fields every event about it carries.
 *
 * @param outcome   the last step's outcome, stored before its event is recorded
 * @param recorded  whether that event has been recorded
 */
record RecipientRow(
        String tenantId,
        String emailId,
        String sendId,
        String recipient,
        SendStatus status,
        Instant nextAttemptAt,
        int attempts,
        Optional<Instant> leaseUntil,
        Optional<String> transport,
        Optional<String> response,
        Optional<String> providerMessageId,
        Optional<String> lastError,
        Optional<Outcome> outcome,
        Optional<String> outcomeReason,
        Optional<Instant> outcomeAt,
        boolean recorded,
        Instant createdAt,
        Instant updatedAt,
        String from,
        String subject,
        List<String> tags,
        ObjectNode metadata,
        Optional<String> templateId,
        Optional<Instant> sendAt) {
}
