package dev.postcard.bounces;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import java.util.Optional;

/**
 * The classification as JSON, for {@code POST /v1/bounces/classify} and {@code postcard bounces classify}:
 * {@code kind}, per recipient {@code address}, {@code action}, {@code status_code}, {@code reply_code},
 * {@code diagnostic}, {@code bounce_type}, {@code bounce_reason}, {@code reason_detail}; for complaints
 * {@code feedback_type}, {@code source_ip}, {@code user_agent} and {@code recipients}; and what ties the
 * report to its message: {@code original_message_id}, {@code email_id}, {@code reporting_mta}.
 */
public final class ClassificationJson {
    private ClassificationJson() {
    }

    public static ObjectNode of(Classification c) {
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        out.put("kind", c.kind().wireName());
        ArrayNode recipients = out.putArray("recipients");
        for (RecipientReport r : c.recipients()) {
            ObjectNode node = recipients.addObject();
            node.put("address", r.address());
            node.put("action", r.action());
            text(node, "status_code", r.statusCode());
            text(node, "reply_code", r.replyCode());
            node.put("diagnostic", r.diagnostic());
            if (r.reason().isPresent()) {
                Reason reason = r.reason().get();
                node.put("bounce_type", reason.type().wireName());
                node.put("bounce_reason", reason.bounceReason().wireName());
                node.put("reason_detail", reason.detail());
            } else {
                node.putNull("bounce_type");
                node.putNull("bounce_reason");
                node.putNull("reason_detail");
            }
        }
        if (c.complaint().isPresent()) {
            ComplaintReport complaint = c.complaint().get();
            ObjectNode node = out.putObject("complaint");
            node.put("feedback_type", complaint.feedbackType());
            text(node, "source_ip", complaint.sourceIp());
            text(node, "user_agent", complaint.userAgent());
            ArrayNode reported = node.putArray("recipients");
            complaint.reportedRecipients().forEach(reported::add);
        } else {
            out.putNull("complaint");
        }
        text(out, "original_message_id", c.originalMessageId());
        text(out, "email_id", c.postcardEmailId());
        text(out, "reporting_mta", c.reportingMta());
        return out;
    }

    private static void text(ObjectNode node, String field, Optional<String> value) {
        if (value.isPresent()) {
            node.put(field, value.get());
        } else {
            node.putNull(field);
        }
    }
}
