package dev.postcard.providers.postmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.DropReason;
import dev.postcard.event.EmailAddress;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.event.StorableText;
import dev.postcard.event.UnsubscribeMethod;
import dev.postcard.providers.BounceReasons;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.ProviderJson;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.WebhookRequest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses one Postmark webhook record ({@code RecordType} Delivery, Bounce, SpamComplaint, Open, Click,
 * SubscriptionChange). A record without {@code RecordType} (older samples) is a bounce when it has
 * {@code Type}/{@code TypeCode}. Bounce records are classified by {@link PostmarkBounceType}.
 *
 * <p>A SubscriptionChange that suppresses an address is an unsubscribe only when the recipient or the sender
 * asked for it ({@code ManualSuppression}); a suppression that follows a hard bounce or a spam complaint
 * repeats an event Postmark already reported and is ignored. Reactivation is ignored as "resubscribed".
 */
final class PostmarkParser implements ProviderParser {
    private static final int MAX_TEXT = 2000;

    @Override
    public List<ParsedItem> parse(WebhookRequest request) {
        JsonNode body = ProviderJson.readBody(request);
        if (!body.isObject()) {
            throw new InvalidInputException("body", "a Postmark webhook body is one JSON object (a record)");
        }
        StorableText.check(body);
        try {
            return List.of(item(body));
        } catch (InvalidInputException e) {
            return List.of(new ParsedItem.Failed(0, e.field(), e.getMessage()));
        } catch (RuntimeException e) {
            // A parser answers for any input; nothing above should get here.
            return List.of(new ParsedItem.Failed(0, "", "unreadable Postmark record (" + e.getClass().getSimpleName() + ")"));
        }
    }

    private ParsedItem item(JsonNode r) {
        JsonNode recordTypeNode = r.get("RecordType");
        String recordType;
        if (recordTypeNode == null || recordTypeNode.isNull()) {
            if (!r.hasNonNull("Type") && !r.hasNonNull("TypeCode")) {
                throw new InvalidInputException("RecordType", "RecordType is required (Delivery, Bounce, "
                        + "SpamComplaint, Open, Click, SubscriptionChange)");
            }
            recordType = "Bounce";
        } else if (!recordTypeNode.isTextual()) {
            throw new InvalidInputException("RecordType", "RecordType must be a string");
        } else {
            recordType = recordTypeNode.asText().strip();
        }
        return switch (recordType) {
            case "Delivery" -> events(base(r, EventType.EMAIL_DELIVERED, "/DeliveredAt", "/Recipient")
                    .field("smtp_response", clip(ProviderJson.text(r, "/Details").orElse(null))));
            case "Bounce" -> bounce(r);
            case "SpamComplaint" -> events(base(r, EventType.EMAIL_COMPLAINED, "/BouncedAt", "/Email"));
            case "Open" -> events(engagement(base(r, EventType.EMAIL_OPENED, "/ReceivedAt", "/Recipient"), r));
            case "Click" -> events(engagement(base(r, EventType.EMAIL_CLICKED, "/ReceivedAt", "/Recipient"), r)
                    .field("url", url(ProviderJson.text(r, "/OriginalLink").orElse(null))));
            case "SubscriptionChange" -> subscriptionChange(r);
            default -> new ParsedItem.Ignored(0, "Postmark record type " + clip(recordType, 100)
                    + " is not an event Postcard records");
        };
    }

    private ParsedItem bounce(JsonNode r) {
        Optional<PostmarkBounceType> byName = ProviderJson.text(r, "/Type").flatMap(PostmarkBounceType::byName);
        Optional<PostmarkBounceType> type = byName.or(() -> typeCode(r).flatMap(PostmarkBounceType::byCode));
        PostmarkBounceType.Outcome outcome = type.map(t -> t.outcome)
                .orElse(PostmarkBounceType.Outcome.BOUNCE_UNDETERMINED);
        String typeName = type.map(t -> t.wireName).orElse("an unknown type");
        String details = ProviderJson.text(r, "/Details").orElse(null);
        String description = ProviderJson.text(r, "/Description").or(() -> ProviderJson.text(r, "/Name")).orElse(null);
        String smtp = smtpText(details);
        return switch (outcome) {
            case IGNORED -> new ParsedItem.Ignored(0, "Postmark bounce record of type " + typeName
                    + " is a reply or notice, not a delivery failure");
            case UNSUBSCRIBED -> events(base(r, EventType.EMAIL_UNSUBSCRIBED, "/BouncedAt", "/Email")
                    .field("method", UnsubscribeMethod.PROVIDER.wireName()));
            case COMPLAINED -> events(base(r, EventType.EMAIL_COMPLAINED, "/BouncedAt", "/Email"));
            case DELAYED -> events(base(r, EventType.EMAIL_DELIVERY_DELAYED, "/BouncedAt", "/Email")
                    .field("reason", clip(description))
                    .field("smtp_response", clip(smtp)));
            case DROPPED_INVALID -> events(base(r, EventType.EMAIL_DROPPED, "/BouncedAt", "/Email")
                    .field("reason", DropReason.INVALID_ADDRESS.wireName()));
            case DROPPED_SUPPRESSED -> events(base(r, EventType.EMAIL_DROPPED, "/BouncedAt", "/Email")
                    .field("reason", DropReason.SUPPRESSED.wireName()));
            case DROPPED_PROVIDER -> events(base(r, EventType.EMAIL_DROPPED, "/BouncedAt", "/Email")
                    .field("reason", "provider"));
            case FAILED_REJECTED -> events(base(r, EventType.EMAIL_FAILED, "/BouncedAt", "/Email")
                    .field("reason", "rejected")
                    .field("error", clip(details != null ? details : description != null ? description : "SMTP API error")));
            case FAILED_RENDERING -> events(base(r, EventType.EMAIL_FAILED, "/BouncedAt", "/Email")
                    .field("reason", "rendering_failure")
                    .field("error", clip(details != null ? details : description != null ? description
                            : "template rendering failed")));
            case BOUNCE_HARD, BOUNCE_SOFT, BOUNCE_UNDETERMINED -> {
                String status = BounceReasons.enhancedStatus(details).orElse(null);
                String reason;
                if (type.isPresent() && type.get().reasonFixed()) {
                    reason = type.get().defaultReason();
                } else {
                    reason = BounceReasons.reason(status, details).wireName();
                    if ("undetermined".equals(reason)) {
                        reason = type.map(PostmarkBounceType::defaultReason).orElse("undetermined");
                    }
                }
                String bounceType = switch (outcome) {
                    case BOUNCE_HARD -> "hard";
                    case BOUNCE_SOFT -> "soft";
                    default -> "undetermined";
                };
                yield events(base(r, EventType.EMAIL_BOUNCED, "/BouncedAt", "/Email")
                        .field("bounce_type", bounceType)
                        .field("bounce_reason", reason)
                        .field("status_code", status)
                        .field("smtp_response", clip(smtp))
                        .field("reason", clip(description)));
            }
        };
    }

    private ParsedItem subscriptionChange(JsonNode r) {
        JsonNode suppress = r.get("SuppressSending");
        if (suppress == null || !suppress.isBoolean()) {
            throw new InvalidInputException("SuppressSending", "SuppressSending must be true or false");
        }
        String reason = ProviderJson.text(r, "/SuppressionReason").orElse(null);
        String origin = ProviderJson.text(r, "/Origin").orElse(null);
        if (!suppress.booleanValue()) {
            return new ParsedItem.Ignored(0, "resubscribed: Postmark reactivated the address"
                    + (origin == null ? "" : " (origin " + clip(origin, 50) + ")"));
        }
        if ("ManualSuppression".equalsIgnoreCase(reason) || (reason == null && "Recipient".equalsIgnoreCase(origin))) {
            return events(base(r, EventType.EMAIL_UNSUBSCRIBED, "/ChangedAt", "/Recipient").field("method", UnsubscribeMethod.PROVIDER.wireName()));
        }
        return new ParsedItem.Ignored(0, "Postmark suppressed the address after "
                + (reason == null ? "an unstated reason" : clip(reason, 50))
                + "; the bounce or complaint itself is reported by its own record");
    }

    /** The fields every record carries: recipient, time, ids, tag, metadata. */
    private static ProviderEvent.Builder base(JsonNode r, EventType type, String timePointer, String recipientPointer) {
        ObjectNode metadata = ProviderJson.metadata(r.get("Metadata"));
        String recipientField = recipientPointer;
        Optional<String> recipient = ProviderJson.text(r, recipientPointer);
        for (String other : List.of("/Email", "/Recipient")) {
            if (recipient.isEmpty()) {
                recipient = ProviderJson.text(r, other);
                recipientField = other;
            }
        }
        String field = recipientField.substring(1);
        ProviderEvent.Builder b = ProviderEvent.builder(type)
                .providerEventId(ProviderJson.text(r, "/ID").map(id -> clip(id, 128)).orElse(null))
                .occurredAt(time(r, timePointer).orElse(null))
                .recipient(recipient.map(a -> address(a, field)).orElse(null))
                .providerMessageId(clip(ProviderJson.text(r, "/MessageID").orElse(null)))
                .emailId(ProviderJson.emailIdFrom(metadata).filter(id -> id.length() <= 128).orElse(null))
                .metadata(metadata)
                .raw(r);
        ProviderJson.text(r, "/Tag").ifPresent(tag -> b.tag(clip(tag.strip(), 256)));
        return b;
    }

    private static ProviderEvent.Builder engagement(ProviderEvent.Builder b, JsonNode r) {
        b.field("user_agent", clip(ProviderJson.text(r, "/UserAgent").orElse(null)));
        b.field("ip_address", ProviderJson.text(r, "/Geo/IP").map(ip -> clip(ip, 64)).orElse(null));
        ObjectNode location = EventCodec.MAPPER.createObjectNode();
        ProviderJson.text(r, "/Geo/CountryISOCode").or(() -> ProviderJson.text(r, "/Geo/Country"))
                .ifPresent(c -> location.put("country", clip(c, 100)));
        ProviderJson.text(r, "/Geo/City").ifPresent(c -> location.put("city", clip(c, 200)));
        if (!location.isEmpty()) {
            b.field("location", location);
        }
        return b;
    }

    private static ParsedItem events(ProviderEvent.Builder b) {
        return ParsedItem.Events.of(0, b.build());
    }

    private static Optional<Long> typeCode(JsonNode r) {
        JsonNode code = r.get("TypeCode");
        if (code != null && code.canConvertToLong() && code.isIntegralNumber()) {
            return Optional.of(code.longValue());
        }
        if (code != null && code.isTextual() && code.asText().strip().matches("\\d{1,12}")) {
            return Optional.of(Long.parseLong(code.asText().strip()));
        }
        return Optional.empty();
    }

    /** Postmark's times: ISO 8601 with an offset; one before 1970 (its "0001-01-01" for none) counts as none. */
    private static Optional<Instant> time(JsonNode r, String pointer) {
        return ProviderJson.isoTime(r, pointer)
                .filter(t -> !t.isBefore(Instant.EPOCH) && t.isBefore(Instant.parse("9999-12-31T23:59:59Z")));
    }

    /** Postmark prefixes the remote server's reply with the diagnostic type: {@code smtp;550 5.1.1 ...}. */
    private static String smtpText(String details) {
        if (details == null) {
            return null;
        }
        String s = details.strip();
        return s.toLowerCase(Locale.ROOT).startsWith("smtp;") ? s.substring(5).strip() : s;
    }

    private static String address(String text, String field) {
        String s = text.strip();
        if (!EmailAddress.isAddress(s)) {
            throw new InvalidInputException(field, field + " is not an email address");
        }
        return s;
    }

    private static String url(String link) {
        if (link == null) {
            return null;
        }
        String s = link.strip();
        return (s.startsWith("http://") || s.startsWith("https://")) && s.length() <= 8192 ? s : null;
    }

    private static String clip(String text) {
        return clip(text, MAX_TEXT);
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
