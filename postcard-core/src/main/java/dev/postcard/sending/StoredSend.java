package dev.postcard.sending;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;

/** A send's content as stored once for all its recipients: rendered, not yet instrumented. */
record StoredSend(
        String tenantId,
        String id,
        String from,
        List<String> to,
        List<String> cc,
        List<String> replyTo,
        String subject,
        Optional<String> html,
        Optional<String> text,
        SequencedMap<String, String> headers,
        List<MailAttachment> attachments,
        List<String> tags,
        ObjectNode metadata,
        boolean trackOpens,
        boolean trackClicks,
        Optional<String> templateId,
        Optional<Integer> templateVersion,
        Optional<Instant> sendAt,
        Instant createdAt) {
}
