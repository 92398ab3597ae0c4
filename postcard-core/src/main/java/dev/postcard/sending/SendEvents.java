package dev.postcard.sending;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.bounces.Diagnosis;
import dev.postcard.bounces.Reason;
import dev.postcard.bounces.reasons.ReasonRules;
import dev.postcard.event.EmailAddress;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.IdPrefix;
import dev.postcard.providers.BounceReasons;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The event that announces a recipient's stored outcome. Its id derives from the email id, the outcome and the
 * attempt, so announcing the same outcome again (a crash before it was marked, two sweeps at once) stores it once.
 */
final class SendEvents {
    /** The bounce reason rules of bounce mail and provider webhooks: one classifier for one question. */
    private static final ReasonRules RULES = new ReasonRules();
    private static final Pattern REPLY_CODE = Pattern.compile("^\\s*([245]\\d\\d)\\b");

    private SendEvents() {
    }

    static Event of(RecipientRow row) {
        Outcome outcome = row.outcome().orElseThrow(() -> new IllegalStateException("no outcome to announce"));
        Instant at = row.outcomeAt().orElseThrow();
        ObjectNode data = EventCodec.MAPPER.createObjectNode();
        data.put("email_id", row.emailId());
        if (EmailAddress.isAddress(row.recipient())) {
            data.put("to", row.recipient());
        }
        data.put("from", row.from());
        data.put("subject", row.subject());
        ArrayNode tags = data.putArray("tags");
        row.tags().forEach(tags::add);
        data.set("metadata", row.metadata());
        switch (outcome) {
            case SENT -> {
                row.transport().ifPresent(t -> data.put("transport", t));
                row.response().ifPresent(r -> data.put("smtp_response", r));
                row.templateId().ifPresent(t -> data.put("template_id", t));
                row.outcomeReason().ifPresent(p -> data.put("provider", p));
                row.providerMessageId().ifPresent(id -> data.put("provider_message_id", id));
            }
            case DELAYED -> {
                data.put("reason", row.outcomeReason().orElse("temporary_failure"));
                row.response().ifPresent(r -> data.put("smtp_response", r));
            }
            case BOUNCED -> bounce(data, row.response().orElse(""));
            case FAILED -> {
                data.put("reason", row.outcomeReason().orElse("failed"));
                row.lastError().ifPresent(e -> data.put("error", e));
            }
            case DROPPED -> data.put("reason", row.outcomeReason().orElseThrow());
            case CANCELED -> {
            }
        }
        String seed = row.tenantId() + "\n" + row.emailId() + "\n" + outcome.wireName() + "\n" + row.attempts();
        return EventCodec.fromParts(IdPrefix.EVENT.derivedId(at, seed), outcome.event(), at, data);
    }

    /** A refusal at RCPT TO, classified as bounce mail's reply would be. */
    private static void bounce(ObjectNode data, String response) {
        Optional<String> status = BounceReasons.enhancedStatus(response);
        Matcher code = REPLY_CODE.matcher(response);
        Optional<String> replyCode = code.find() ? Optional.of(code.group(1)) : Optional.empty();
        Reason reason = RULES.classify(new Diagnosis("failed", status, replyCode, response, Optional.of("RCPT")));
        data.put("bounce_type", reason.type().wireName());
        data.put("bounce_reason", reason.bounceReason().wireName());
        status.or(() -> replyCode).ifPresent(s -> data.put("status_code", s));
        if (!response.isEmpty()) {
            data.put("smtp_response", response);
        }
        data.put("reason", reason.detail());
    }
}
