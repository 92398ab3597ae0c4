package dev.postcard.providers.brevo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.DropReason;
import dev.postcard.event.EmailAddress;
import dev.postcard.event.EventCodec;
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
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses Brevo transactional webhooks: one event object per POST (an array when the webhook is batched).
 *
 * <ul>
 *   <li>{@code request} → sent, {@code delivered} → delivered, {@code hard_bounce}/{@code soft_bounce} → bounced
 *       hard/soft ({@code reason}), {@code blocked} → dropped (suppressed), {@code invalid_email} → dropped
 *       (invalid_address), {@code deferred} → delivery delayed, {@code spam}/{@code complaint} → complained,
 *       {@code error} → failed, {@code opened}/{@code unique_opened} → opened (human),
 *       {@code proxy_open}/{@code unique_proxy_open} → opened with {@code machine} true ("loaded by proxy":
 *       Apple Mail Privacy Protection and other proxies, so {@code machine_reason} is "provider_flag"),
 *       {@code click} → clicked ({@code link}), {@code unsubscribed}/{@code unsubscribe} → unsubscribed. Contact
 *       and list events ({@code list_addition}, ...) are ignored.</li>
 *   <li>{@code message-id} is the provider message id, {@code email} the recipient, {@code tags}/{@code tag} the
 *       tags, {@code X-Mailin-custom} the metadata (a JSON object text is flattened; other text is kept under
 *       {@code x_mailin_custom}).</li>
 *   <li>Time: {@code ts_epoch} in milliseconds (a value below 10^11 is taken as seconds: a doc sample carries
 *       seconds there), then {@code s_epoch} (milliseconds, a doc sample's spelling), then {@code ts_event} and
 *       {@code ts} (seconds, UTC). {@code date} is not used: it is CET/CEST local time.</li>
 *   <li>Brevo's {@code id} is the webhook's id, the same for every event it sends, so it is no event id: the
 *       content hash is the dedupe key.</li>
 * </ul>
 */
final class BrevoParser implements ProviderParser {
    private static final Pattern NUMBER = Pattern.compile("\\s*\\d{1,16}(\\.\\d{1,9})?\\s*");
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;
    private static final int MAX_CUSTOM = 2048;
    private static final long LATEST = 253_402_300_799L;

    @Override
    public List<ParsedItem> parse(WebhookRequest request) {
        return EventObjects.parse(request, "Brevo", BrevoParser::event);
    }

    private static ParsedItem event(int index, JsonNode e, String event) {
        Optional<String> reasonText = ProviderJson.text(e, "/reason").map(String::trim).filter(t -> !t.isEmpty());
        ProviderEvent.Builder b;
        switch (event) {
            case "request" -> {
                b = ProviderEvent.builder(EventType.EMAIL_SENT);
                b.field("template_id", ProviderJson.text(e, "/template_id").orElse(null));
            }
            case "delivered" -> b = ProviderEvent.builder(EventType.EMAIL_DELIVERED);
            case "hard_bounce", "soft_bounce" -> {
                b = ProviderEvent.builder(EventType.EMAIL_BOUNCED);
                String text = reasonText.orElse(null);
                String status = BounceReasons.enhancedStatus(text).orElse(null);
                b.field("bounce_type", event.equals("hard_bounce") ? "hard" : "soft");
                b.field("bounce_reason", BounceReasons.reason(status, text).wireName());
                b.field("status_code", status);
                b.field("reason", text);
            }
            case "blocked" -> {
                b = ProviderEvent.builder(EventType.EMAIL_DROPPED);
                b.field("reason", DropReason.SUPPRESSED.wireName());
            }
            case "invalid_email" -> {
                b = ProviderEvent.builder(EventType.EMAIL_DROPPED);
                b.field("reason", DropReason.INVALID_ADDRESS.wireName());
            }
            case "deferred" -> {
                b = ProviderEvent.builder(EventType.EMAIL_DELIVERY_DELAYED);
                b.field("reason", reasonText.orElse(null));
            }
            case "spam", "complaint" -> b = ProviderEvent.builder(EventType.EMAIL_COMPLAINED);
            case "error" -> {
                b = ProviderEvent.builder(EventType.EMAIL_FAILED);
                b.field("reason", "provider_error");
                b.field("error", reasonText.orElse("Brevo reported an error sending this message"));
            }
            case "opened", "unique_opened" -> {
                b = ProviderEvent.builder(EventType.EMAIL_OPENED);
                engagement(b, e);
                b.field("machine", false);
            }
            case "proxy_open", "unique_proxy_open" -> {
                b = ProviderEvent.builder(EventType.EMAIL_OPENED);
                engagement(b, e);
                b.field("machine", true);
                b.field("machine_reason", "provider_flag");
            }
            case "click" -> {
                b = ProviderEvent.builder(EventType.EMAIL_CLICKED);
                ProviderJson.text(e, "/link").filter(u -> u.startsWith("http://") || u.startsWith("https://"))
                        .ifPresent(u -> b.field("url", u));
                engagement(b, e);
            }
            case "unsubscribed", "unsubscribe" -> {
                b = ProviderEvent.builder(EventType.EMAIL_UNSUBSCRIBED);
                b.field("method", UnsubscribeMethod.PROVIDER.wireName());
            }
            default -> {
                return new ParsedItem.Ignored(index, "Brevo event '" + cut(event) + "' is not about a sent message");
            }
        }
        String recipient = ProviderJson.text(e, "/email").orElse(null);
        if (recipient != null && !EmailAddress.isAddress(recipient.trim())) {
            throw new InvalidInputException("email", "email is not an email address");
        }
        ObjectNode metadata = metadata(e.get("X-Mailin-custom"));
        b.occurredAt(time(e).orElse(null))
                .recipient(recipient)
                .providerMessageId(ProviderJson.text(e, "/message-id").orElse(null))
                .metadata(metadata)
                .emailId(ProviderJson.emailIdFrom(metadata).orElse(null))
                .raw(e);
        tags(b, e.get("tags"));
        tags(b, e.get("tag"));
        return storable(index, b.build());
    }

    private static void engagement(ProviderEvent.Builder b, JsonNode e) {
        b.field("ip_address", ProviderJson.text(e, "/ip").orElse(null));
        b.field("user_agent", ProviderJson.text(e, "/user_agent").orElse(null));
    }

    /** {@code X-Mailin-custom}: usually a JSON object as text; an object as such; any other text as one value. */
    static ObjectNode metadata(JsonNode custom) {
        if (custom == null) {
            return EventCodec.MAPPER.createObjectNode();
        }
        if (custom.isObject()) {
            return ProviderJson.metadata(custom);
        }
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        if (custom.isTextual() && !custom.asText().isBlank()) {
            String text = custom.asText();
            out = ProviderJson.metadataFromJsonText(text);
            if (out.isEmpty() && !text.trim().equals("{}")) {
                out.put("x_mailin_custom", text.length() > MAX_CUSTOM ? text.substring(0, MAX_CUSTOM) : text);
            }
        }
        return out;
    }

    /** {@code tags} is an array; {@code tag} an array, a JSON array as text or one tag. */
    private static void tags(ProviderEvent.Builder b, JsonNode tags) {
        if (tags == null) {
            return;
        }
        if (tags.isTextual()) {
            String text = tags.asText().trim();
            if (text.startsWith("[")) {
                try {
                    tags = ProviderJson.readString(text, "tag");
                } catch (InvalidInputException notJson) {
                    tags = EventCodec.MAPPER.createArrayNode().add(text);
                }
            } else {
                tags = EventCodec.MAPPER.createArrayNode().add(text);
            }
        }
        if (tags.isArray()) {
            for (JsonNode tag : tags) {
                if (tag.isTextual() && tag.asText().length() <= 256) {
                    b.tag(tag.asText().trim());
                }
            }
        }
    }

    private static Optional<Instant> time(JsonNode e) {
        for (String field : List.of("ts_epoch", "s_epoch")) {
            Optional<String> t = ProviderJson.text(e, "/" + field);
            if (t.isPresent()) {
                long value = number(field, t.get());
                return Optional.of(inRange(field,
                        value < MILLIS_THRESHOLD ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value)));
            }
        }
        for (String field : List.of("ts_event", "ts")) {
            Optional<String> t = ProviderJson.text(e, "/" + field);
            if (t.isPresent()) {
                return Optional.of(inRange(field, Instant.ofEpochSecond(number(field, t.get()))));
            }
        }
        return Optional.empty();
    }

    private static Instant inRange(String field, Instant at) {
        if (at.getEpochSecond() > LATEST) {
            throw new InvalidInputException(field, field + " is beyond the year 9999");
        }
        return at;
    }

    private static long number(String field, String text) {
        if (!NUMBER.matcher(text).matches()) {
            throw new InvalidInputException(field, field + " must be a unix time");
        }
        String whole = text.trim();
        int dot = whole.indexOf('.');
        return Long.parseLong(dot < 0 ? whole : whole.substring(0, dot));
    }

    /** The event as an item; the intake checks it is storable (one that is not fails alone). */
    private static ParsedItem storable(int index, ProviderEvent event) {
        return ParsedItem.Events.of(index, event);
    }

    private static String cut(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
