package dev.postcard.providers.ses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.event.EventType;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.ProviderJson;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One SES record (the JSON in an SNS {@code Message}) with what every event made from it shares: the SNS
 * MessageId as the provider event id (the assembler adds the type and recipient), the SES message id, the
 * metadata and email id of {@code mail}, and the record itself as raw.
 */
record SesRecord(JsonNode json, SesMail mail, String snsMessageId) {

    /** Longest text kept in an event field; SES texts (diagnostic codes, user agents) are far shorter. */
    static final int MAX_TEXT = 2000;

    /** The text at {@code pointer}, cut to {@value #MAX_TEXT} characters (never inside a surrogate pair). */
    static Optional<String> text(JsonNode node, String pointer) {
        return ProviderJson.text(node, pointer).map(SesRecord::clip);
    }

    static String clip(String s) {
        if (s == null || s.length() <= MAX_TEXT) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
        return s.substring(0, end);
    }

    static SesRecord of(JsonNode json, String snsMessageId) {
        return new SesRecord(json, SesMail.from(json), snsMessageId);
    }

    /** The time at {@code pointer} (the event's own timestamp), else {@code mail.timestamp}. */
    Optional<Instant> time(String pointer) {
        return ProviderJson.isoTime(json, pointer).or(mail::timestamp);
    }

    ProviderEvent.Builder event(EventType type, String recipient, Optional<Instant> at) {
        ProviderEvent.Builder b = ProviderEvent.builder(type)
                .providerEventId(snsMessageId)
                .occurredAt(at.orElse(null))
                .recipient(recipient)
                .providerMessageId(mail.messageId())
                .metadata(mail.metadata().deepCopy())
                .raw(json);
        mail.emailId().ifPresent(b::emailId);
        return b;
    }

    /** The addresses of {@code mail.destination}; an error naming it when there are none. */
    List<String> destination() {
        if (mail.destination().isEmpty()) {
            throw new dev.postcard.InvalidInputException("mail.destination", "mail.destination has no recipient address");
        }
        return mail.destination();
    }
}
