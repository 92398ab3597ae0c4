package dev.postcard.providers.resend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.bounces.Reason;
import dev.postcard.bounces.reasons.ReasonName;
import dev.postcard.event.BounceReason;
import dev.postcard.event.DropReason;
import dev.postcard.event.EmailAddress;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.event.StorableText;
import dev.postcard.providers.BounceReasons;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.ProviderJson;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.WebhookRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parses one Resend event {@code {type, created_at, data}}.
 *
 * <ul>
 *   <li>{@code email.sent|delivered|delivery_delayed|complained|opened|clicked|failed|bounced} become the Postcard
 *       events; a bounce Resend did not attempt (the address is on the account-level suppression list) is
 *       {@code email.dropped} with reason {@code suppressed}.</li>
 *   <li>One event per address of {@code data.to} (Resend reports the email, not one recipient).</li>
 *   <li>The provider event id is the {@code svix-id} header (the same on every retry of one event).</li>
 *   <li>{@code data.tags} are Resend's name/value pairs: they become the event's metadata, not Postcard tags;
 *       Postcard's id comes back in the tag {@code postcard_email_id} or in the echoed header
 *       {@code X-Postcard-Email-Id}.</li>
 *   <li>{@code email.scheduled}, {@code email.received}, {@code contact.*}, {@code domain.*},
 *       {@code suppression.*} and unknown types are acknowledged and ignored.</li>
 * </ul>
 */
final class ResendParser implements ProviderParser {
    private static final int MAX_RECIPIENTS = 50;
    private static final int MAX_TEXT = 2000;

    @Override
    public List<ParsedItem> parse(WebhookRequest request) {
        JsonNode body = ProviderJson.readBody(request);
        if (!body.isObject()) {
            throw new InvalidInputException("body", "a Resend webhook body is one JSON object {type, created_at, data}");
        }
        StorableText.check(body);
        String svixId = request.header("svix-id").or(() -> request.header("webhook-id")).orElse(null);
        try {
            return List.of(item(body, svixId));
        } catch (InvalidInputException e) {
            return List.of(new ParsedItem.Failed(0, e.field(), e.getMessage()));
        } catch (RuntimeException e) {
            // A parser answers for any input; nothing above should get here.
            return List.of(new ParsedItem.Failed(0, "", "unreadable Resend event (" + e.getClass().getSimpleName() + ")"));
        }
    }

    private ParsedItem item(JsonNode body, String svixId) {
        JsonNode typeNode = body.get("type");
        if (typeNode == null || !typeNode.isTextual() || typeNode.asText().isBlank()) {
            throw new InvalidInputException("type", "type must be the Resend event type, such as email.delivered");
        }
        String type = typeNode.asText();
        if (!type.startsWith("email.")) {
            return new ParsedItem.Ignored(0, "Resend " + type + " is not about a message");
        }
        EventType eventType;
        switch (type) {
            case "email.sent" -> eventType = EventType.EMAIL_SENT;
            case "email.delivered" -> eventType = EventType.EMAIL_DELIVERED;
            case "email.delivery_delayed" -> eventType = EventType.EMAIL_DELIVERY_DELAYED;
            case "email.bounced" -> eventType = EventType.EMAIL_BOUNCED;
            case "email.complained" -> eventType = EventType.EMAIL_COMPLAINED;
            case "email.opened" -> eventType = EventType.EMAIL_OPENED;
            case "email.clicked" -> eventType = EventType.EMAIL_CLICKED;
            case "email.failed" -> eventType = EventType.EMAIL_FAILED;
            case "email.scheduled" -> {
                return new ParsedItem.Ignored(0, "Resend email.scheduled: the email is not sent yet");
            }
            default -> {
                return new ParsedItem.Ignored(0, "Resend " + type + " is not an event Postcard records");
            }
        }
        JsonNode data = body.get("data");
        if (data == null || !data.isObject()) {
            throw new InvalidInputException("data", "data must be an object");
        }
        Optional<Instant> at = time(body, "/created_at");
        List<String> recipients = recipients(data);
        ObjectNode metadata = metadata(data.get("tags"));
        Optional<String> emailId = ProviderJson.emailIdFrom(metadata).or(() -> echoedEmailId(data.get("headers")))
                .filter(id -> id.length() <= 128);

        List<ProviderEvent> events = new ArrayList<>();
        for (String recipient : recipients.isEmpty() ? java.util.Collections.<String>singletonList(null) : recipients) {
            ProviderEvent.Builder b = switch (eventType) {
                case EMAIL_BOUNCED -> bounce(data);
                case EMAIL_FAILED -> ProviderEvent.builder(EventType.EMAIL_FAILED).field("reason", "rejected")
                        .field("error", clip(ProviderJson.text(data, "/failed/reason").orElse("Resend could not send the email")));
                case EMAIL_OPENED -> ProviderEvent.builder(eventType)
                        .field("ip_address", clip(ProviderJson.text(data, "/open/ipAddress").orElse(null)))
                        .field("user_agent", clip(ProviderJson.text(data, "/open/userAgent").orElse(null)));
                case EMAIL_CLICKED -> ProviderEvent.builder(eventType)
                        .field("url", url(ProviderJson.text(data, "/click/link").orElse(null)))
                        .field("ip_address", clip(ProviderJson.text(data, "/click/ipAddress").orElse(null)))
                        .field("user_agent", clip(ProviderJson.text(data, "/click/userAgent").orElse(null)));
                case EMAIL_SENT -> ProviderEvent.builder(eventType)
                        .field("template_id", clip(ProviderJson.text(data, "/template_id").orElse(null)));
                default -> ProviderEvent.builder(eventType);
            };
            b.providerEventId(svixId)
                    .occurredAt(at.orElse(null))
                    .recipient(recipient)
                    .providerMessageId(clip(ProviderJson.text(data, "/email_id").orElse(null)))
                    .emailId(emailId.orElse(null))
                    .metadata(metadata)
                    .raw(body);
            events.add(b.build());
        }
        return new ParsedItem.Events(0, events);
    }

    /**
     * Resend forwards the classification of its sending infrastructure (Amazon SES): {@code bounce.type}
     * Permanent/Transient/Undetermined with a {@code subType}, and a canned {@code message} per subtype. Older
     * payloads carry the message only; the classification is then read from it.
     */
    private static ProviderEvent.Builder bounce(JsonNode data) {
        String kind = ProviderJson.text(data, "/bounce/type").orElse("").toLowerCase(Locale.ROOT);
        String subType = ProviderJson.text(data, "/bounce/subType").orElse("").toLowerCase(Locale.ROOT);
        String message = ProviderJson.text(data, "/bounce/message").orElse("");
        String lower = message.toLowerCase(Locale.ROOT);
        if (subType.equals("onaccountsuppressionlist") || lower.contains("account-level suppression list")
                || lower.contains("resend has suppressed sending")) {
            return ProviderEvent.builder(EventType.EMAIL_DROPPED).field("reason", DropReason.SUPPRESSED.wireName());
        }
        String bounceType;
        String reason;
        switch (kind) {
            case "permanent" -> {
                bounceType = "hard";
                reason = switch (subType) {
                    case "noemail" -> "user_unknown";
                    case "suppressed" -> "suppressed_by_provider";
                    default -> textReason(message).map(r -> r.bounceReason().wireName()).orElse("undetermined");
                };
            }
            case "transient" -> {
                bounceType = "soft";
                reason = switch (subType) {
                    case "mailboxfull" -> "mailbox_full";
                    case "messagetoolarge" -> "message_too_large";
                    case "contentrejected", "attachmentrejected" -> "content_rejected";
                    default -> textReason(message).map(r -> r.bounceReason().wireName()).orElse("undetermined");
                };
            }
            case "undetermined" -> {
                bounceType = "undetermined";
                reason = "undetermined";
            }
            default -> {
                if (lower.contains("hard bounce")) {
                    bounceType = "hard";
                    reason = "undetermined";
                } else if (lower.contains("suppression list")) {
                    bounceType = "hard";
                    reason = "suppressed_by_provider";
                } else {
                    Optional<Reason> read = textReason(message);
                    reason = read.map(r -> r.bounceReason().wireName()).orElse("undetermined");
                    bounceType = read.map(r -> r.type().wireName()).orElse("undetermined");
                }
            }
        }
        return ProviderEvent.builder(EventType.EMAIL_BOUNCED)
                .field("bounce_type", bounceType)
                .field("bounce_reason", reason)
                .field("status_code", BounceReasons.enhancedStatus(message).orElse(null))
                .field("reason", clip(message.isBlank() ? null : message));
    }

    /** The reason a canned message names; Resend's "hard bounce ... didn't specify" texts name none. */
    private static Optional<Reason> textReason(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("inbox was full") || lower.contains("mailbox full") || lower.contains("inbox is full")) {
            return Optional.of(ReasonName.MAILBOXFULL.reason());
        }
        if (lower.contains("too large")) {
            return Optional.of(ReasonName.MESGTOOBIG.reason());
        }
        if (lower.contains("didn't specify") || lower.contains("did not specify") || lower.contains("general bounce")) {
            return Optional.empty();
        }
        return Optional.of(BounceReasons.classify(null, message))
                .filter(r -> r.bounceReason() != BounceReason.UNDETERMINED);
    }

    private static Optional<Instant> time(JsonNode node, String pointer) {
        Optional<Instant> at = ProviderJson.isoTime(node, pointer);
        return at.filter(t -> !t.isBefore(Instant.EPOCH) && t.isBefore(Instant.parse("9999-12-31T23:59:59Z")));
    }

    /** {@code data.to}: one address or an array of them, each plain or {@code Name <address>}. */
    static List<String> recipients(JsonNode data) {
        JsonNode to = data.get("to");
        List<String> out = new ArrayList<>();
        if (to == null || to.isNull()) {
            return out;
        }
        if (to.isTextual()) {
            out.add(address(to.asText(), "data.to"));
            return out;
        }
        if (!to.isArray()) {
            throw new InvalidInputException("data.to", "data.to must be an address or an array of addresses");
        }
        for (int i = 0; i < to.size() && out.size() < MAX_RECIPIENTS; i++) {
            JsonNode one = to.get(i);
            if (!one.isTextual()) {
                throw new InvalidInputException("data.to[" + i + "]", "data.to[" + i + "] must be an address");
            }
            String address = address(one.asText(), "data.to[" + i + "]");
            if (out.stream().noneMatch(address::equalsIgnoreCase)) {
                out.add(address);
            }
        }
        return out;
    }

    static String address(String text, String field) {
        String s = text.strip();
        int open = s.lastIndexOf('<');
        if (open >= 0 && s.endsWith(">")) {
            s = s.substring(open + 1, s.length() - 1).strip();
        }
        if (!EmailAddress.isAddress(s)) {
            throw new InvalidInputException(field, field + " is not an email address");
        }
        return s;
    }

    /** Resend tags, as an object {name: value} or an array [{name, value}], as metadata. */
    static ObjectNode metadata(JsonNode tags) {
        if (tags == null || tags.isObject()) {
            return ProviderJson.metadata(tags);
        }
        ObjectNode pairs = EventCodec.MAPPER.createObjectNode();
        if (tags.isArray()) {
            for (JsonNode tag : tags) {
                JsonNode name = tag.get("name");
                JsonNode value = tag.get("value");
                if (name != null && name.isTextual() && !name.asText().isBlank() && value != null && !value.isNull()) {
                    pairs.set(name.asText(), value);
                }
            }
        }
        return ProviderJson.metadata(pairs);
    }

    /** The {@code X-Postcard-Email-Id} header in {@code data.headers}: [{name, value}] or {name: value}. */
    static Optional<String> echoedEmailId(JsonNode headers) {
        if (headers == null) {
            return Optional.empty();
        }
        if (headers.isArray()) {
            for (JsonNode h : headers) {
                JsonNode name = h.get("name");
                JsonNode value = h.get("value");
                if (name != null && name.isTextual() && ProviderJson.EMAIL_ID_HEADER.equalsIgnoreCase(name.asText().strip())
                        && value != null && value.isTextual() && !value.asText().isBlank()) {
                    return Optional.of(value.asText().strip());
                }
            }
        } else if (headers.isObject()) {
            for (Map.Entry<String, JsonNode> h : headers.properties()) {
                if (ProviderJson.EMAIL_ID_HEADER.equalsIgnoreCase(h.getKey().strip()) && h.getValue().isTextual()
                        && !h.getValue().asText().isBlank()) {
                    return Optional.of(h.getValue().asText().strip());
                }
            }
        }
        return Optional.empty();
    }

    static String url(String link) {
        if (link == null) {
            return null;
        }
        String s = link.strip();
        return (s.startsWith("http://") || s.startsWith("https://")) && s.length() <= 8192 ? s : null;
    }

    static String clip(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
