package dev.postcard.providers.mailjet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.bounces.Reason;
import dev.postcard.event.BounceType;
import dev.postcard.event.DropReason;
import dev.postcard.event.EmailAddress;
import dev.postcard.event.EventType;
import dev.postcard.event.UnsubscribeMethod;
import dev.postcard.providers.BounceReasons;
import dev.postcard.providers.EventObjects;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.ProviderJson;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.WebhookRequest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Mailjet Event API callbacks: an array of events ("group events" on) or one bare event object.
 *
 * <ul>
 *   <li>{@code sent} → delivered (Mailjet's "sent" means the receiving MTA accepted it; {@code smtp_reply}),
 *       {@code open} → opened, {@code click} → clicked ({@code url}), {@code bounce} → bounced hard when
 *       {@code hard_bounce} is true, else soft, except {@code error} "greylisted" → delivery delayed;
 *       {@code blocked} → dropped (suppressed / invalid_address / provider by {@code error}), {@code spam} →
 *       complained, {@code unsub} → unsubscribed. Other events are ignored.</li>
 *   <li>{@code MessageID} (a 64-bit number) is the provider message id, taken as its digits, never through a
 *       double; {@code email} the recipient; {@code time} unix seconds; {@code customcampaign} a tag. Mailjet
 *       gives events no id of their own: the content hash is the dedupe key.</li>
 *   <li>Metadata: {@code Payload} (the sender's EventPayload; a JSON object text is flattened, other text is
 *       kept under {@code payload}) and {@code CustomID} (under {@code custom_id}). Postcard's email id is
 *       {@code postcard_email_id} in the payload, or a {@code CustomID} that is itself a {@code msg_} id.</li>
 * </ul>
 */
final class MailjetParser implements ProviderParser {
    private static final Pattern SENT_REPLY = Pattern.compile("(?s)\\s*sent\\s*\\((.*)\\)\\s*");
    private static final Pattern MSG_ID = Pattern.compile("msg_[0-9A-Za-z]{26}");
    private static final int MAX_PAYLOAD = 2048;

    /** Mailjet's documented {@code error} values (Event API, "bounce"/"blocked" error table) → bounce_reason. */
    static final Map<String, String> BOUNCE_REASONS = Map.ofEntries(
            Map.entry("user unknown", "user_unknown"),
            Map.entry("mailbox inactive", "user_unknown"),
            Map.entry("quota exceeded", "mailbox_full"),
            Map.entry("blacklisted", "suppressed_by_provider"),
            Map.entry("spam reporter", "suppressed_by_provider"),
            Map.entry("invalid domain", "host_unknown"),
            Map.entry("no mail host", "host_unknown"),
            Map.entry("relay/access denied", "blocked"),
            Map.entry("greylisted", "rate_limited"),
            Map.entry("typofix", "host_unknown"),
            Map.entry("bad or empty template", "content_rejected"),
            Map.entry("error in template language", "content_rejected"),
            Map.entry("sender blocked", "blocked"),
            Map.entry("content blocked", "spam_detected"),
            Map.entry("policy issue", "policy"),
            Map.entry("system issue", "system_error"),
            Map.entry("protocol issue", "system_error"),
            Map.entry("connection issue", "network_error"),
            Map.entry("preblocked", "suppressed_by_provider"),
            Map.entry("duplicate in campaign", "suppressed_by_provider"));

    /** {@code blocked} errors meaning Mailjet held the address back because of its own lists. */
    static final Set<String> SUPPRESSED = Set.of("duplicate in campaign", "preblocked", "user unsubscribed",
            "unsubscribed", "blacklisted", "spam reporter", "previous bounce", "previously bounced");
    /** {@code blocked} errors meaning the address itself cannot receive mail. */
    static final Set<String> INVALID = Set.of("invalid address", "invalid email", "typofix", "invalid domain",
            "no mail host", "user unknown", "mailbox inactive");

    @Override
    public List<ParsedItem> parse(WebhookRequest request) {
        return EventObjects.parse(request, "Mailjet", MailjetParser::event);
    }

    private static ParsedItem event(int index, JsonNode e, String event) {
        String error = ProviderJson.text(e, "/error").map(t -> t.trim().toLowerCase(Locale.ROOT)).orElse("");
        String smtpReply = ProviderJson.text(e, "/smtp_reply").orElse(null);
        ProviderEvent.Builder b;
        switch (event) {
            case "sent" -> {
                b = ProviderEvent.builder(EventType.EMAIL_DELIVERED);
                if (smtpReply != null) {
                    Matcher m = SENT_REPLY.matcher(smtpReply);
                    b.field("smtp_response", m.matches() ? m.group(1).trim() : smtpReply);
                }
            }
            case "open" -> {
                b = ProviderEvent.builder(EventType.EMAIL_OPENED);
                engagement(b, e);
            }
            case "click" -> {
                b = ProviderEvent.builder(EventType.EMAIL_CLICKED);
                ProviderJson.text(e, "/url").filter(u -> u.startsWith("http://") || u.startsWith("https://"))
                        .ifPresent(u -> b.field("url", u));
                engagement(b, e);
            }
            case "bounce" -> {
                Optional<Boolean> hard = ProviderJson.bool(e, "/hard_bounce");
                String comment = ProviderJson.text(e, "/comment").orElse(null);
                if (!hard.orElse(false) && "greylisted".equals(error)) {
                    b = ProviderEvent.builder(EventType.EMAIL_DELIVERY_DELAYED);
                    b.field("reason", ProviderJson.text(e, "/error").orElse(null));
                    b.field("smtp_response", smtpReply);
                } else {
                    b = ProviderEvent.builder(EventType.EMAIL_BOUNCED);
                    String detail = smtpReply != null ? smtpReply : comment;
                    String status = BounceReasons.enhancedStatus(detail).orElse(null);
                    String reason = BOUNCE_REASONS.get(error);
                    BounceType type;
                    if (reason != null) {
                        type = BounceReasons.type(reason);
                    } else {
                        Reason read = BounceReasons.classify(status, (error + " " + (detail == null ? "" : detail)).trim());
                        reason = read.bounceReason().wireName();
                        type = read.type();
                    }
                    b.field("bounce_type", hard.map(h -> h ? "hard" : "soft").orElse(type.wireName()));
                    b.field("bounce_reason", reason);
                    b.field("status_code", status);
                    b.field("smtp_response", smtpReply);
                    b.field("reason", ProviderJson.text(e, "/error").orElse(comment));
                }
            }
            case "blocked" -> {
                b = ProviderEvent.builder(EventType.EMAIL_DROPPED);
                b.field("reason", SUPPRESSED.contains(error) ? DropReason.SUPPRESSED.wireName()
                        : INVALID.contains(error) ? DropReason.INVALID_ADDRESS.wireName() : DropReason.PROVIDER.wireName());
            }
            case "spam" -> b = ProviderEvent.builder(EventType.EMAIL_COMPLAINED);
            case "unsub" -> {
                b = ProviderEvent.builder(EventType.EMAIL_UNSUBSCRIBED);
                b.field("method", UnsubscribeMethod.PROVIDER.wireName());
            }
            default -> {
                return new ParsedItem.Ignored(index, "Mailjet event '" + cut(event) + "' is not mapped");
            }
        }
        String recipient = ProviderJson.text(e, "/email").orElse(null);
        if (recipient != null && !EmailAddress.isAddress(recipient.trim())) {
            throw new InvalidInputException("email", "email is not an email address");
        }
        ObjectNode metadata = metadata(e);
        Optional<String> customId = ProviderJson.text(e, "/CustomID").map(String::trim);
        b.occurredAt(time(e).orElse(null))
                .recipient(recipient)
                .providerMessageId(messageId(e).orElse(null))
                .metadata(metadata)
                .emailId(ProviderJson.emailIdFrom(metadata)
                        .or(() -> customId.filter(c -> MSG_ID.matcher(c).matches())).orElse(null))
                .raw(e);
        ProviderJson.text(e, "/customcampaign").filter(t -> t.length() <= 256).ifPresent(b::tag);
        return storable(index, b.build());
    }

    private static void engagement(ProviderEvent.Builder b, JsonNode e) {
        b.field("ip_address", ProviderJson.text(e, "/ip").orElse(null));
        b.field("user_agent", ProviderJson.text(e, "/agent").orElse(null));
        ProviderJson.text(e, "/geo").ifPresent(country -> {
            ObjectNode location = dev.postcard.event.EventCodec.MAPPER.createObjectNode();
            location.put("country", country);
            b.field("location", location);
        });
    }

    /** {@code MessageID} as its exact digits (it exceeds a double's precision); else {@code mj_message_id}. */
    static Optional<String> messageId(JsonNode e) {
        JsonNode id = e.get("MessageID");
        if (id != null && id.isIntegralNumber()) {
            return Optional.of(id.bigIntegerValue().toString());
        }
        if (id != null && id.isTextual() && !id.asText().isBlank()) {
            return Optional.of(id.asText().trim());
        }
        return ProviderJson.text(e, "/mj_message_id").filter(t -> t.trim().matches("\\d{1,40}"));
    }

    private static ObjectNode metadata(JsonNode e) {
        ObjectNode metadata = dev.postcard.event.EventCodec.MAPPER.createObjectNode();
        JsonNode payload = e.get("Payload");
        if (payload != null && payload.isObject()) {
            metadata = ProviderJson.metadata(payload);
        } else if (payload != null && payload.isTextual() && !payload.asText().isBlank()) {
            String text = payload.asText();
            metadata = ProviderJson.metadataFromJsonText(text);
            if (metadata.isEmpty() && !text.trim().equals("{}")) {
                metadata.put("payload", text.length() > MAX_PAYLOAD ? text.substring(0, MAX_PAYLOAD) : text);
            }
        }
        Optional<String> customId = ProviderJson.text(e, "/CustomID");
        if (customId.isPresent() && !metadata.has("custom_id") && metadata.size() < 50) {
            String c = customId.get();
            metadata.put("custom_id", c.length() > MAX_PAYLOAD ? c.substring(0, MAX_PAYLOAD) : c);
        }
        return metadata;
    }

    private static Optional<Instant> time(JsonNode e) {
        Optional<String> t = ProviderJson.text(e, "/time");
        if (t.isEmpty()) {
            return Optional.empty();
        }
        if (!t.get().trim().matches("\\d{1,12}(\\.\\d{1,9})?")) {
            throw new InvalidInputException("time", "time must be unix seconds");
        }
        Optional<Instant> at = ProviderJson.epochSeconds(e, "/time");
        if (at.isPresent() && at.get().getEpochSecond() > 253_402_300_799L) {
            throw new InvalidInputException("time", "time is beyond the year 9999");
        }
        return at;
    }

    /** The event as an item; the intake checks it is storable (one that is not fails alone). */
    private static ParsedItem storable(int index, ProviderEvent event) {
        return ParsedItem.Events.of(index, event);
    }

    private static String cut(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
