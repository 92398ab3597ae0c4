package dev.postcard.providers.ses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.DropReason;
import dev.postcard.event.EventType;
import dev.postcard.providers.BounceReasons;
import dev.postcard.providers.ProviderEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The records SES event publishing and identity feedback notifications share (same shapes under
 * {@code bounce}, {@code complaint}, {@code delivery}): one event per affected recipient.
 */
final class SesFeedback {
    private static final Pattern STATUS = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern DIAGNOSTIC_TYPE = Pattern.compile("^\\s*smtp\\s*;\\s*", Pattern.CASE_INSENSITIVE);

    private SesFeedback() {
    }

    /** Bounce: Permanent → hard, Transient → soft, anything else → undetermined; one per bounced recipient. */
    static List<ProviderEvent> bounce(SesRecord r) {
        JsonNode bounce = object(r.json(), "bounce");
        String type = SesRecord.text(bounce, "/bounceType").orElse("Undetermined");
        String subType = SesRecord.text(bounce, "/bounceSubType").orElse("");
        Optional<Instant> at = r.time("/bounce/timestamp");
        String bounceType = switch (type) {
            case "Permanent" -> "hard";
            case "Transient" -> "soft";
            default -> "undetermined";
        };
        List<ProviderEvent> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> rcpt : recipients(bounce.get("bouncedRecipients"), "bounce.bouncedRecipients")) {
            String diagnostic = SesRecord.text(rcpt.getValue(), "/diagnosticCode").map(SesFeedback::smtpText).orElse(null);
            String status = SesRecord.text(rcpt.getValue(), "/status").map(String::trim)
                    .filter(s -> STATUS.matcher(s).matches())
                    .or(() -> BounceReasons.enhancedStatus(diagnostic)).orElse(null);
            out.add(r.event(EventType.EMAIL_BOUNCED, rcpt.getKey(), at)
                    .field("bounce_type", bounceType)
                    .field("bounce_reason", bounceReason(type, subType, status, diagnostic))
                    .field("status_code", status)
                    .field("smtp_response", diagnostic)
                    .field("reason", subType.isEmpty() ? type : type + "/" + subType)
                    .build());
        }
        return out;
    }

    static String bounceReason(String type, String subType, String status, String diagnostic) {
        if ("Suppressed".equals(subType) || "OnAccountSuppressionList".equals(subType)) {
            return "suppressed_by_provider";
        }
        if ("Undetermined".equals(type) || "Undetermined".equals(subType)) {
            return "undetermined";
        }
        return switch (subType) {
            case "NoEmail" -> "user_unknown";
            case "MailboxFull" -> "mailbox_full";
            case "MessageTooLarge" -> "message_too_large";
            case "ContentRejected", "AttachmentRejected" -> "content_rejected";
            default -> BounceReasons.reason(status, diagnostic).wireName();
        };
    }

    /**
     * Complaint, one per complained recipient. {@code complaintSubType} OnAccountSuppressionList means SES did
     * not send because the address is on the account's suppression list: that is a drop, not a complaint.
     */
    static List<ProviderEvent> complaint(SesRecord r) {
        JsonNode complaint = object(r.json(), "complaint");
        Optional<Instant> at = r.time("/complaint/timestamp");
        boolean suppressed = "OnAccountSuppressionList".equals(SesRecord.text(complaint, "/complaintSubType").orElse(""));
        List<ProviderEvent> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> rcpt : recipients(complaint.get("complainedRecipients"),
                "complaint.complainedRecipients")) {
            if (suppressed) {
                out.add(r.event(EventType.EMAIL_DROPPED, rcpt.getKey(), at).field("reason", DropReason.SUPPRESSED.wireName()).build());
            } else {
                out.add(r.event(EventType.EMAIL_COMPLAINED, rcpt.getKey(), at)
                        .field("complaint_type", SesRecord.text(complaint, "/complaintFeedbackType")
                                .map(t -> t.trim().toLowerCase(Locale.ROOT)).orElse(null))
                        .field("feedback_id", SesRecord.text(complaint, "/feedbackId").orElse(null))
                        .build());
            }
        }
        return out;
    }

    /** Delivery, one per {@code delivery.recipients} (else {@code mail.destination}). */
    static List<ProviderEvent> delivery(SesRecord r) {
        JsonNode delivery = object(r.json(), "delivery");
        Optional<Instant> at = r.time("/delivery/timestamp");
        List<String> recipients = delivery.has("recipients")
                ? SesMail.addresses(delivery.get("recipients"), "delivery.recipients") : r.destination();
        String smtp = SesRecord.text(delivery, "/smtpResponse").orElse(null);
        return recipients.stream()
                .map(to -> r.event(EventType.EMAIL_DELIVERED, to, at).field("smtp_response", smtp).build())
                .toList();
    }

    /** DeliveryDelay, one per delayed recipient: {@code reason} is the delayType. */
    static List<ProviderEvent> deliveryDelay(SesRecord r) {
        JsonNode delay = object(r.json(), "deliveryDelay");
        Optional<Instant> at = r.time("/deliveryDelay/timestamp");
        String reason = SesRecord.text(delay, "/delayType").orElse(null);
        List<ProviderEvent> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> rcpt : recipients(delay.get("delayedRecipients"), "deliveryDelay.delayedRecipients")) {
            out.add(r.event(EventType.EMAIL_DELIVERY_DELAYED, rcpt.getKey(), at)
                    .field("reason", reason)
                    .field("smtp_response", SesRecord.text(rcpt.getValue(), "/diagnosticCode")
                            .map(SesFeedback::smtpText).orElse(null))
                    .build());
        }
        return out;
    }

    /** The object under {@code name}; an error naming it when it is missing or not an object. */
    static JsonNode object(JsonNode record, String name) {
        JsonNode node = record.get(name);
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(name, name + " must be an object");
        }
        return node;
    }

    /** {@code [{emailAddress, ...}]} as address → entry; unusable entries skipped, none usable is an error. */
    static List<Map.Entry<String, JsonNode>> recipients(JsonNode list, String field) {
        if (list == null || !list.isArray()) {
            throw new InvalidInputException(field, field + " must be an array");
        }
        java.util.LinkedHashMap<String, JsonNode> out = new java.util.LinkedHashMap<>();
        for (JsonNode entry : list) {
            if (entry.isObject() && entry.path("emailAddress").isTextual()) {
                SesMail.address(entry.path("emailAddress").textValue()).ifPresent(a -> out.putIfAbsent(a, entry));
            }
            if (out.size() >= SesMail.MAX_RECIPIENTS) {
                break;
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(field, field + " has no recipient address");
        }
        return List.copyOf(out.entrySet());
    }

    /** A DSN diagnostic code without its type: {@code smtp; 550 5.1.1 user unknown} → {@code 550 5.1.1 user unknown}. */
    static String smtpText(String diagnostic) {
        String s = DIAGNOSTIC_TYPE.matcher(diagnostic).replaceFirst("").trim();
        return s.isEmpty() ? null : s;
    }
}
