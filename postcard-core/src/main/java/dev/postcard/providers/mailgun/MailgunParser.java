package dev.postcard.providers.mailgun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.ComplaintType;
import dev.postcard.event.DropReason;
import dev.postcard.event.EmailAddress;
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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One Mailgun webhook body, one event: {@code event-data} normalised. The dedupe key is {@code signature.token}:
 * Mailgun sends a fresh token with every webhook and repeats it when it retries the same one, whereas
 * {@code event-data.id} is unique only within a day.
 */
final class MailgunParser implements ProviderParser {
    private static final int MAX_TEXT = 10_000;
    private static final BigDecimal LATEST_SECONDS = BigDecimal.valueOf(253_402_300_799L);
    /** Mailgun's own codes for messages it would not send: bounced, unsubscribed, complained addresses. */
    private static final Set<String> SUPPRESSION_CODES = Set.of("605", "606", "607");
    private static final Set<String> SUPPRESSION_REASONS = Set.of("suppress-bounce", "suppress-unsubscribe",
            "suppress-complaint");
    private static final Set<String> SOFT_REASONS = Set.of("mailbox_full", "blocked", "spam_detected", "policy",
            "expired", "message_too_large", "content_rejected", "rate_limited", "security", "system_error",
            "network_error");

    @Override
    public List<ParsedItem> parse(WebhookRequest request) {
        JsonNode body = ProviderJson.readBody(request);
        if (!body.isObject()) {
            throw new InvalidInputException("body", "a Mailgun webhook body is a JSON object {signature, event-data}");
        }
        JsonNode data = body.path("event-data");
        if (!data.isObject()) {
            return List.of(new ParsedItem.Failed(0, "event-data", "event-data must be an object"));
        }
        Optional<String> token = ProviderJson.text(body, "/signature/token");
        try {
            return List.of(parseEvent(data, token.orElse(null)));
        } catch (InvalidInputException e) {
            return List.of(new ParsedItem.Failed(0, field(e.field()), e.getMessage()));
        } catch (RuntimeException e) {
            return List.of(new ParsedItem.Failed(0, "event-data",
                    "the event could not be read: " + e.getClass().getSimpleName()));
        }
    }

    private static String field(String field) {
        return field.startsWith("data.") || field.isEmpty() ? field : "event-data." + field;
    }

    private static ParsedItem parseEvent(JsonNode data, String token) {
        String event = ProviderJson.text(data, "/event").map(e -> e.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new InvalidInputException("event", "event-data.event is required"));
        String severity = ProviderJson.text(data, "/severity").map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        String failReason = ProviderJson.text(data, "/reason").map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        Optional<String> code = ProviderJson.text(data, "/delivery-status/code");
        EventType type = switch (event) {
            case "accepted" -> EventType.EMAIL_SENT;
            case "delivered" -> EventType.EMAIL_DELIVERED;
            case "opened" -> EventType.EMAIL_OPENED;
            case "clicked" -> EventType.EMAIL_CLICKED;
            case "unsubscribed" -> EventType.EMAIL_UNSUBSCRIBED;
            case "complained" -> EventType.EMAIL_COMPLAINED;
            case "rejected" -> EventType.EMAIL_FAILED;
            case "failed" -> {
                if (severity.equals("temporary")) {
                    yield EventType.EMAIL_DELIVERY_DELAYED;
                }
                yield dropReason(failReason, code.orElse("")).isPresent() ? EventType.EMAIL_DROPPED
                        : EventType.EMAIL_BOUNCED;
            }
            default -> null;
        };
        if (type == null) {
            return new ParsedItem.Ignored(0, "Mailgun event '" + cut(event, 100) + "' is not one Postcard records");
        }

        ObjectNode metadata = ProviderJson.metadata(data.path("user-variables"));
        ProviderEvent.Builder b = ProviderEvent.builder(type)
                .providerEventId(token)
                .occurredAt(timestamp(data).orElse(null))
                .recipient(recipient(data).orElse(null))
                .providerMessageId(ProviderJson.text(data, "/message/headers/message-id").map(s -> cut(s, MAX_TEXT))
                        .orElse(null))
                .metadata(metadata)
                .emailId(ProviderJson.emailIdFrom(metadata).filter(id -> id.length() <= 128).orElse(null))
                .raw(data);
        JsonNode tags = data.path("tags");
        if (tags.isArray()) {
            int n = 0;
            for (JsonNode t : tags) {
                if (t.isTextual() && !t.asText().isBlank() && t.asText().length() <= 256 && n++ < 50) {
                    b.tag(t.asText().strip());
                }
            }
        }

        Optional<String> smtp = smtpResponse(data);
        switch (type) {
            case EMAIL_SENT -> b.field("template_id", ProviderJson.text(data, "/template/name")
                    .map(s -> cut(s, 256)).orElse(null));
            case EMAIL_DELIVERED -> b.field("smtp_response", smtp.orElse(null));
            case EMAIL_DELIVERY_DELAYED -> {
                b.field("smtp_response", smtp.orElse(null));
                b.field("reason", ProviderJson.text(data, "/delivery-status/description")
                        .or(() -> ProviderJson.text(data, "/reason")).map(s -> cut(s, MAX_TEXT)).orElse(null));
            }
            case EMAIL_BOUNCED -> bounce(data, b, smtp, failReason);
            case EMAIL_DROPPED -> b.field("reason", dropReason(failReason, code.orElse("")).orElse("provider"));
            case EMAIL_OPENED, EMAIL_CLICKED -> {
                b.field("ip_address", ProviderJson.text(data, "/ip").map(s -> cut(s, 256)).orElse(null));
                b.field("user_agent", ProviderJson.text(data, "/client-info/user-agent").map(s -> cut(s, MAX_TEXT))
                        .orElse(null));
                location(data, b);
                boolean bot = isBot(data.path("client-info").path("bot"));
                b.field("machine", bot);
                if (bot) {
                    b.field("machine_reason", "provider_flag");
                }
                if (type == EventType.EMAIL_CLICKED) {
                    ProviderJson.text(data, "/url")
                            .filter(u -> (u.startsWith("http://") || u.startsWith("https://")) && u.length() <= 8192)
                            .ifPresent(u -> b.field("url", u));
                }
            }
            case EMAIL_UNSUBSCRIBED -> b.field("method", UnsubscribeMethod.PROVIDER.wireName());
            case EMAIL_COMPLAINED -> b.field("complaint_type", ComplaintType.ABUSE.wireName());
            case EMAIL_FAILED -> {
                b.field("reason", "rejected");
                String error = join(ProviderJson.text(data, "/reject/reason").orElse(""),
                        ProviderJson.text(data, "/reject/description").orElse(""));
                b.field("error", error.isEmpty() ? "rejected by Mailgun" : cut(error, MAX_TEXT));
            }
            default -> {
            }
        }
        return ParsedItem.Events.of(0, b.build());
    }

    /**
     * For a permanent failure where Mailgun did not try the recipient's server, the drop reason: {@code suppressed}
     * when the address is on one of its suppression lists (reasons {@code suppress-*}, or codes 605/606/607 with
     * the older reasons {@code bounce}/{@code generic}), {@code provider} for its other 6xx codes (its own, not
     * SMTP). Empty for a real bounce.
     */
    static Optional<String> dropReason(String reason, String code) {
        String c = code.strip();
        if (SUPPRESSION_REASONS.contains(reason) || SUPPRESSION_CODES.contains(c)) {
            return Optional.of(DropReason.SUPPRESSED.wireName());
        }
        return c.length() == 3 && c.charAt(0) == '6' ? Optional.of(DropReason.PROVIDER.wireName()) : Optional.empty();
    }

    private static void bounce(JsonNode data, ProviderEvent.Builder b, Optional<String> smtp, String failReason) {
        Optional<String> status = ProviderJson.text(data, "/delivery-status/enhanced-code")
                .or(() -> ProviderJson.text(data, "/delivery-status/bounce-code"))
                .flatMap(BounceReasons::enhancedStatus)
                .or(() -> smtp.flatMap(BounceReasons::enhancedStatus));
        String text = join(ProviderJson.text(data, "/delivery-status/message").orElse(""),
                ProviderJson.text(data, "/delivery-status/description").orElse(""));
        String reason = failReason.equals("old") ? "expired" : BounceReasons.reason(status.orElse(null), text).wireName();
        // Mailgun puts an address on its bounce list after a permanent failure: hard unless the cause is known
        // to be the message, the sender or the moment rather than the address.
        String bounceType = SOFT_REASONS.contains(reason) ? "soft" : "hard";
        b.field("bounce_type", bounceType)
                .field("bounce_reason", reason)
                .field("status_code", status.orElse(null))
                .field("smtp_response", smtp.orElse(null))
                .field("reason", ProviderJson.text(data, "/delivery-status/description")
                        .or(() -> ProviderJson.text(data, "/reason")).map(s -> cut(s, MAX_TEXT)).orElse(null));
    }

    /** The remote server's reply as one line: the SMTP code and Mailgun's {@code message} (or description). */
    private static Optional<String> smtpResponse(JsonNode data) {
        String code = ProviderJson.text(data, "/delivery-status/code").orElse("");
        String message = ProviderJson.text(data, "/delivery-status/message")
                .or(() -> ProviderJson.text(data, "/delivery-status/description")).orElse("").strip();
        if (message.regionMatches(true, 0, "smtp;", 0, 5)) {
            message = message.substring(5).strip();
        }
        String line = message.startsWith(code) ? message : join(code, message);
        return line.isEmpty() ? Optional.empty() : Optional.of(cut(line, MAX_TEXT));
    }

    /** Float unix seconds (microseconds in the fraction), kept to milliseconds, between 1970 and 9999. */
    private static Optional<Instant> timestamp(JsonNode data) {
        Optional<String> text = ProviderJson.text(data, "/timestamp");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(text.get().strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("timestamp", "timestamp is not unix seconds");
        }
        if (seconds.signum() < 0 || seconds.compareTo(LATEST_SECONDS) > 0) {
            throw new InvalidInputException("timestamp", "timestamp is out of range");
        }
        return Optional.of(Instant.ofEpochMilli(seconds.movePointRight(3).longValue()));
    }

    private static Optional<String> recipient(JsonNode data) {
        return ProviderJson.text(data, "/recipient")
                .or(() -> ProviderJson.text(data, "/message/headers/to").map(String::strip)
                        .filter(EmailAddress::isAddress));
    }

    private static void location(JsonNode data, ProviderEvent.Builder b) {
        JsonNode geo = data.path("geolocation");
        if (!geo.isObject()) {
            return;
        }
        ObjectNode location = EventCodec.MAPPER.createObjectNode();
        ProviderJson.text(geo, "/country").filter(s -> !s.equalsIgnoreCase("unknown"))
                .ifPresent(c -> location.put("country", cut(c, 256)));
        ProviderJson.text(geo, "/city").filter(s -> !s.equalsIgnoreCase("unknown"))
                .ifPresent(c -> location.put("city", cut(c, 256)));
        if (!location.isEmpty()) {
            b.field("location", location);
        }
    }

    private static boolean isBot(JsonNode bot) {
        if (bot.isBoolean()) {
            return bot.booleanValue();
        }
        return bot.isTextual() && !bot.asText().isBlank() && !bot.asText().equalsIgnoreCase("false");
    }

    private static String join(String a, String b) {
        a = a.strip();
        b = b.strip();
        return a.isEmpty() ? b : b.isEmpty() || a.equals(b) ? a : a + " " + b;
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
