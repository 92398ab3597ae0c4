package dev.postcard.providers.sendgrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.ComplaintType;
import dev.postcard.event.DropReason;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.event.UnsubscribeMethod;
import dev.postcard.providers.BounceReasons;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.ProviderJson;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.WebhookRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SendGrid's Event Webhook body: a JSON array of events (a single object is taken as one event). SendGrid puts
 * the sender's {@code custom_args}/{@code unique_args} at the top level of each event, next to its own fields, so
 * every top-level key that is not one of SendGrid's documented fields ({@link #SENDGRID_FIELDS}) is the sender's
 * metadata; Postcard's {@code postcard_email_id} comes back that way.
 */
final class SendGridParser implements ProviderParser {
    /** Timestamps above this are milliseconds (Single Send samples), not seconds: as seconds it is past 5138. */
    private static final BigDecimal MILLIS_THRESHOLD = BigDecimal.valueOf(100_000_000_000L);
    private static final int MAX_TEXT = 10_000;

    /**
     * SendGrid's own event fields (transactional, Marketing Campaigns, legacy Newsletter, IP pools): never metadata.
     */
    static final Set<String> SENDGRID_FIELDS = Set.of(
            "email", "timestamp", "event", "smtp-id", "sg_event_id", "sg_message_id", "category", "type",
            "reason", "status", "response", "attempt", "useragent", "ip", "url", "url_offset", "tls", "cert_err",
            "cert_error", "bounce_classification", "asm_group_id", "sg_machine_open", "sg_content_type",
            "sg_template_id", "sg_template_name", "sg_user_id", "sg_unique_id", "domain", "from", "pool",
            "ip_pool_name", "ip_pool_id", "send_at", "singlesend_id", "singlesend_name", "mc_stats", "phase_id",
            "template_id", "template_version_id", "template_hash", "template_name", "newsletter", "post_type",
            "marketing_campaign_id", "marketing_campaign_name", "marketing_campaign_version",
            "marketing_campaign_split_id", "nlvx_campaign_id", "nlvx_campaign_split_id", "nlvx_user_id",
            "automation_id", "automation_name", "automation_step_id", "journey_id", "journey_name", "step_id",
            "ab_variation", "ab_phase_id", "ab_phase", "sg_campaign_id", "campaign_id", "contact_id", "list_id");

    private static final Map<String, String> CLASSIFICATIONS = Map.of(
            "invalid address", "user_unknown",
            "technical", "system_error",
            "content", "content_rejected",
            "reputation", "blocked",
            "frequency or volume", "rate_limited",
            "mailbox unavailable", "mailbox_full",
            "unclassified", "undetermined");

    @Override
    public List<ParsedItem> parse(WebhookRequest request) {
        JsonNode body = ProviderJson.readBody(request);
        List<ParsedItem> out = new ArrayList<>();
        if (body.isArray()) {
            for (int i = 0; i < body.size(); i++) {
                out.add(item(i, body.get(i)));
            }
        } else if (body.isObject()) {
            out.add(item(0, body));
        } else {
            throw new InvalidInputException("body", "a SendGrid webhook body is a JSON array of events");
        }
        return out;
    }

    private static ParsedItem item(int index, JsonNode item) {
        if (!item.isObject()) {
            return new ParsedItem.Failed(index, "", "a SendGrid event must be a JSON object");
        }
        try {
            return parseEvent(index, item);
        } catch (InvalidInputException e) {
            return new ParsedItem.Failed(index, e.field(), e.getMessage());
        } catch (RuntimeException e) {
            return new ParsedItem.Failed(index, "", "the event could not be read: " + e.getClass().getSimpleName());
        }
    }

    private static ParsedItem parseEvent(int index, JsonNode item) {
        Optional<String> event = ProviderJson.text(item, "/event");
        Optional<String> email = ProviderJson.text(item, "/email");
        Optional<String> messageId = ProviderJson.text(item, "/sg_message_id");
        if (email.isEmpty() && messageId.isEmpty()) {
            return new ParsedItem.Ignored(index, "SendGrid " + event.map(e -> "'" + e + "' ").orElse("")
                    + "event about no message (no email, no sg_message_id)");
        }
        if (event.isEmpty()) {
            return new ParsedItem.Failed(index, "event", "event is required");
        }
        String name = event.get().toLowerCase(Locale.ROOT);
        EventType type;
        switch (name) {
            case "processed" -> type = EventType.EMAIL_SENT;
            case "deferred" -> type = EventType.EMAIL_DELIVERY_DELAYED;
            case "delivered" -> type = EventType.EMAIL_DELIVERED;
            case "open" -> type = EventType.EMAIL_OPENED;
            case "click" -> type = EventType.EMAIL_CLICKED;
            case "bounce" -> type = EventType.EMAIL_BOUNCED;
            case "dropped" -> type = EventType.EMAIL_DROPPED;
            case "spamreport" -> type = EventType.EMAIL_COMPLAINED;
            case "unsubscribe", "group_unsubscribe" -> type = EventType.EMAIL_UNSUBSCRIBED;
            case "group_resubscribe" -> {
                return new ParsedItem.Ignored(index, "resubscribed to SendGrid unsubscribe group "
                        + ProviderJson.text(item, "/asm_group_id").orElse("(unknown)"));
            }
            default -> {
                return new ParsedItem.Ignored(index, "SendGrid event '" + cut(event.get(), 100)
                        + "' is not one Postcard records");
            }
        }

        ObjectNode metadata = ProviderJson.metadata(senderFields(item));
        ProviderEvent.Builder b = ProviderEvent.builder(type)
                .providerEventId(ProviderJson.text(item, "/sg_event_id").orElse(null))
                .occurredAt(timestamp(item).orElse(null))
                .recipient(email.orElse(null))
                .providerMessageId(messageId.orElse(null))
                .metadata(metadata)
                .emailId(ProviderJson.emailIdFrom(metadata).filter(id -> id.length() <= 128).orElse(null))
                .raw(item);
        tags(item, b);

        Optional<String> response = ProviderJson.text(item, "/response").map(s -> cut(s, MAX_TEXT));
        Optional<String> reason = ProviderJson.text(item, "/reason").map(s -> cut(s, MAX_TEXT));
        switch (type) {
            case EMAIL_SENT -> b.field("template_id", ProviderJson.text(item, "/sg_template_id")
                    .or(() -> ProviderJson.text(item, "/template_id")).map(s -> cut(s, 256)).orElse(null));
            case EMAIL_DELIVERED -> b.field("smtp_response", response.orElse(null));
            case EMAIL_DELIVERY_DELAYED -> {
                b.field("smtp_response", response.orElse(null));
                b.field("reason", reason.or(() -> ProviderJson.text(item, "/attempt")
                        .map(a -> "deferred, attempt " + cut(a, 20))).orElse(null));
            }
            case EMAIL_OPENED -> {
                engagement(item, b);
                boolean machine = ProviderJson.bool(item, "/sg_machine_open").orElse(false);
                b.field("machine", machine);
                if (machine) {
                    b.field("machine_reason", "provider_flag");
                }
            }
            case EMAIL_CLICKED -> {
                engagement(item, b);
                ProviderJson.text(item, "/url").filter(SendGridParser::isHttpUrl).ifPresent(u -> b.field("url", u));
                b.field("machine", false);
            }
            case EMAIL_BOUNCED -> bounce(item, b, reason);
            case EMAIL_DROPPED -> b.field("reason", dropReason(reason.orElse("")));
            case EMAIL_COMPLAINED -> b.field("complaint_type", ComplaintType.ABUSE.wireName());
            case EMAIL_UNSUBSCRIBED -> b.field("method", UnsubscribeMethod.PROVIDER.wireName());
            default -> {
            }
        }
        return ParsedItem.Events.of(index, b.build());
    }

    private static void bounce(JsonNode item, ProviderEvent.Builder b, Optional<String> smtpText) {
        String kind = ProviderJson.text(item, "/type").map(t -> t.toLowerCase(Locale.ROOT)).orElse("bounce");
        String bounceType = switch (kind) {
            case "bounce" -> "hard";
            case "blocked" -> "soft";
            default -> "undetermined";
        };
        Optional<String> status = ProviderJson.text(item, "/status").flatMap(BounceReasons::enhancedStatus)
                .or(() -> smtpText.flatMap(BounceReasons::enhancedStatus));
        Optional<String> classification = ProviderJson.text(item, "/bounce_classification");
        String reason = classification.map(c -> CLASSIFICATIONS.get(c.strip().toLowerCase(Locale.ROOT)))
                .orElseGet(() -> BounceReasons.reason(status.orElse(null), smtpText.orElse(null)).wireName());
        b.field("bounce_type", bounceType)
                .field("bounce_reason", reason)
                .field("status_code", status.orElse(null))
                .field("smtp_response", smtpText.orElse(null))
                .field("reason", classification.map(c -> cut(c, 256)).orElse(null));
    }

    /** SendGrid's drop reasons: suppression lists, an invalid address, or its own policy. */
    static String dropReason(String reason) {
        String r = reason.strip().toLowerCase(Locale.ROOT);
        if (r.startsWith("bounced address") || r.startsWith("unsubscribed address")
                || r.startsWith("unsubscribed group") || r.startsWith("spam reporting address")
                || r.startsWith("blocked address") || r.contains("suppress")) {
            return DropReason.SUPPRESSED.wireName();
        }
        if (r.equals("invalid") || r.contains("invalid address") || r.contains("invalid email")) {
            return DropReason.INVALID_ADDRESS.wireName();
        }
        return DropReason.PROVIDER.wireName();
    }

    private static void engagement(JsonNode item, ProviderEvent.Builder b) {
        b.field("ip_address", ProviderJson.text(item, "/ip").map(s -> cut(s, 256)).orElse(null));
        b.field("user_agent", ProviderJson.text(item, "/useragent").map(s -> cut(s, MAX_TEXT)).orElse(null));
    }

    private static void tags(JsonNode item, ProviderEvent.Builder b) {
        JsonNode category = item.path("category");
        List<String> values = new ArrayList<>();
        if (category.isTextual()) {
            values.add(category.asText());
        } else if (category.isArray()) {
            category.forEach(c -> {
                if (c.isTextual()) {
                    values.add(c.asText());
                }
            });
        }
        values.stream().map(String::strip).filter(t -> !t.isEmpty() && t.length() <= 256).limit(50).forEach(b::tag);
    }

    private static ObjectNode senderFields(JsonNode item) {
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        item.properties().forEach(e -> {
            if (!SENDGRID_FIELDS.contains(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private static Optional<Instant> timestamp(JsonNode item) {
        Optional<String> text = ProviderJson.text(item, "/timestamp");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text.get().strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("timestamp", "timestamp is not unix seconds");
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(253_402_300_799_999L)) > 0) {
            throw new InvalidInputException("timestamp", "timestamp is out of range");
        }
        long millis = value.compareTo(MILLIS_THRESHOLD) > 0 ? value.longValue()
                : value.movePointRight(3).longValue();
        return Optional.of(Instant.ofEpochMilli(millis));
    }

    private static boolean isHttpUrl(String url) {
        return (url.startsWith("http://") || url.startsWith("https://")) && url.length() <= 8192;
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
