package dev.postcard.providers.sparkpost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.bounces.Reason;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses SparkPost webhook batches: a JSON array of {@code {"msys": {"<category>_event": {...}}}}.
 *
 * <ul>
 *   <li>{@code [{"msys":{}}]} is the validation ping SparkPost sends when a webhook is created or tested:
 *       {@link ParsedItem.Ignored}.</li>
 *   <li>{@code injection} → sent, {@code delivery} → delivered, {@code delay} → delivery delayed, {@code bounce}
 *       and {@code out_of_band} → bounced by {@code bounce_class} (see {@link BounceClass}), {@code spam_complaint}
 *       → complained ({@code fbtype}), {@code policy_rejection} → dropped, {@code generation_failure} → failed
 *       (rendering_failure), {@code generation_rejection} → failed (rejected), {@code open}, {@code initial_open},
 *       {@code amp_open}, {@code amp_initial_open} → opened (each item is one open), {@code click},
 *       {@code amp_click} → clicked ({@code target_link_url}), {@code list_unsubscribe},
 *       {@code link_unsubscribe} → unsubscribed. Relay, A/B test, ingest and SMS events are ignored.</li>
 *   <li>{@code event_id} is the event id; {@code transmission_id} the provider message id ({@code message_id}
 *       names one generated message per recipient and stays in {@code raw}); {@code rcpt_to} (else
 *       {@code raw_rcpt_to}) the recipient; {@code rcpt_meta} the metadata; {@code rcpt_tags} the tags;
 *       {@code timestamp} unix seconds as a string (an ISO time in some generation events).</li>
 * </ul>
 */
final class SparkPostParser implements ProviderParser {
    private static final Pattern NUMERIC = Pattern.compile("\\s*\\d+(\\.\\d+)?\\s*");
    private static final Set<String> IGNORED_CATEGORIES = Set.of("relay_event", "ab_test_event", "ingest_event",
            "sms_event");

    /**
     * SparkPost's bounce classification codes (support.sparkpost.com "Bounce classification codes"), with the
     * Postcard bounce type and reason each maps to. {@code ignored} classes are not delivery failures.
     */
    record BounceClass(int code, String name, String type, String reason, boolean ignored) {
        static final Map<Integer, BounceClass> ALL = Map.ofEntries(
                of(1, "Undetermined", "undetermined", "undetermined"),
                of(10, "Invalid Recipient", "hard", "user_unknown"),
                of(20, "Soft Bounce", "soft", "undetermined"),
                of(21, "DNS Failure", "soft", "host_unknown"),
                of(22, "Mailbox Full", "soft", "mailbox_full"),
                of(23, "Too Large", "soft", "message_too_large"),
                of(24, "Timeout", "soft", "expired"),
                of(25, "Admin Failure", "soft", "suppressed_by_provider"),
                of(26, "Smart Send Suppression", "soft", "suppressed_by_provider"),
                of(30, "Generic Bounce: No RCPT", "hard", "user_unknown"),
                of(40, "Generic Bounce", "soft", "undetermined"),
                of(50, "Mail Block", "soft", "blocked"),
                of(51, "Spam Block", "soft", "blocked"),
                of(52, "Spam Content", "soft", "spam_detected"),
                of(53, "Prohibited Attachment", "soft", "content_rejected"),
                of(54, "Relaying Denied", "soft", "policy"),
                Map.entry(60, new BounceClass(60, "Auto-Reply", "soft", "undetermined", true)),
                of(70, "Transient Failure", "soft", "undetermined"),
                Map.entry(80, new BounceClass(80, "Subscribe", "soft", "undetermined", true)),
                of(90, "Unsubscribe", "hard", "policy"),
                of(100, "Challenge-Response", "soft", "policy"));

        private static Map.Entry<Integer, BounceClass> of(int code, String name, String type, String reason) {
            return Map.entry(code, new BounceClass(code, name, type, reason, false));
        }

        /** Whether the class says nothing specific, so the SMTP text may say more. */
        boolean generic() {
            return "undetermined".equals(reason);
        }

        static Optional<BounceClass> find(String code) {
            if (code == null || !code.trim().matches("\\d{1,4}")) {
                return Optional.empty();
            }
            return Optional.ofNullable(ALL.get(Integer.parseInt(code.trim())));
        }
    }

    @Override
    public List<ParsedItem> parse(WebhookRequest request) {
        JsonNode body = ProviderJson.readBody(request);
        if (!body.isArray()) {
            throw new InvalidInputException("body", "a SparkPost webhook body is a JSON array of {\"msys\": {...}}");
        }
        List<ParsedItem> out = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            out.add(item(i, body.get(i)));
        }
        return out;
    }

    private static ParsedItem item(int index, JsonNode item) {
        if (!item.isObject()) {
            return new ParsedItem.Failed(index, "", "a batch item must be an object {\"msys\": {...}}");
        }
        JsonNode msys = item.get("msys");
        if (msys == null || !msys.isObject()) {
            return new ParsedItem.Failed(index, "msys", "msys must be an object");
        }
        if (msys.isEmpty()) {
            return new ParsedItem.Ignored(index, "SparkPost webhook validation ping");
        }
        String category = msys.fieldNames().next();
        JsonNode event = msys.get(category);
        String prefix = "msys." + category;
        if (!event.isObject()) {
            return new ParsedItem.Failed(index, prefix, prefix + " must be an object");
        }
        if (IGNORED_CATEGORIES.contains(category) || !category.endsWith("_event")) {
            return new ParsedItem.Ignored(index, "SparkPost " + category + " is not about a sent message");
        }
        JsonNode typeNode = event.get("type");
        if (typeNode == null || !typeNode.isTextual() || typeNode.asText().isBlank()) {
            return new ParsedItem.Failed(index, prefix + ".type", "type must be a non-empty string");
        }
        try {
            return event(index, event, typeNode.asText());
        } catch (InvalidInputException e) {
            String field = e.field().isEmpty() ? prefix : prefix + "." + e.field();
            return new ParsedItem.Failed(index, field, e.getMessage());
        }
    }

    private static ParsedItem event(int index, JsonNode e, String type) {
        String smtpText = ProviderJson.text(e, "/raw_reason").or(() -> ProviderJson.text(e, "/reason")).orElse(null);
        ProviderEvent.Builder b;
        switch (type) {
            case "injection" -> {
                b = ProviderEvent.builder(EventType.EMAIL_SENT);
                b.field("template_id", ProviderJson.text(e, "/template_id").orElse(null));
            }
            case "delivery" -> b = ProviderEvent.builder(EventType.EMAIL_DELIVERED);
            case "delay" -> {
                b = ProviderEvent.builder(EventType.EMAIL_DELIVERY_DELAYED);
                Optional<BounceClass> cls = BounceClass.find(ProviderJson.text(e, "/bounce_class").orElse(null));
                b.field("reason", cls.map(BounceClass::name)
                        .or(() -> ProviderJson.text(e, "/reason")).orElse(null));
                b.field("smtp_response", smtpText);
            }
            case "bounce", "out_of_band" -> {
                String code = ProviderJson.text(e, "/bounce_class").orElse(null);
                Optional<BounceClass> cls = BounceClass.find(code);
                if (cls.isPresent() && cls.get().ignored()) {
                    return new ParsedItem.Ignored(index, "SparkPost bounce class " + cls.get().code() + " ("
                            + cls.get().name() + ") is not a delivery failure");
                }
                b = ProviderEvent.builder(EventType.EMAIL_BOUNCED);
                String status = BounceReasons.enhancedStatus(smtpText).orElse(null);
                String reason;
                String bounceType;
                if (cls.isPresent()) {
                    BounceClass c = cls.get();
                    bounceType = c.type();
                    reason = c.generic() && smtpText != null ? BounceReasons.reason(status, smtpText).wireName() : c.reason();
                    b.field("reason", c.name());
                } else {
                    Reason read = BounceReasons.classify(status, smtpText);
                    reason = read.bounceReason().wireName();
                    bounceType = smtpText == null ? "undetermined" : read.type().wireName();
                    b.field("reason", ProviderJson.text(e, "/reason").orElse(null));
                }
                b.field("bounce_type", bounceType);
                b.field("bounce_reason", reason);
                b.field("status_code", status);
                b.field("smtp_response", smtpText);
            }
            case "spam_complaint" -> {
                b = ProviderEvent.builder(EventType.EMAIL_COMPLAINED);
                b.field("complaint_type", ProviderJson.text(e, "/fbtype").map(t -> t.trim().toLowerCase(Locale.ROOT))
                        .orElse(null));
            }
            case "policy_rejection" -> {
                b = ProviderEvent.builder(EventType.EMAIL_DROPPED);
                String text = smtpText == null ? "" : smtpText.toLowerCase(Locale.ROOT);
                b.field("reason", (text.contains("suppress") ? DropReason.SUPPRESSED : DropReason.PROVIDER).wireName());
            }
            case "generation_failure" -> {
                b = ProviderEvent.builder(EventType.EMAIL_FAILED);
                b.field("reason", "rendering_failure");
                b.field("error", smtpText == null ? "generation_failure" : smtpText);
            }
            case "generation_rejection" -> {
                b = ProviderEvent.builder(EventType.EMAIL_FAILED);
                b.field("reason", "rejected");
                b.field("error", smtpText == null ? "generation_rejection" : smtpText);
            }
            case "open", "initial_open", "amp_open", "amp_initial_open" -> {
                b = ProviderEvent.builder(EventType.EMAIL_OPENED);
                engagement(b, e);
            }
            case "click", "amp_click" -> {
                b = ProviderEvent.builder(EventType.EMAIL_CLICKED);
                ProviderJson.text(e, "/target_link_url")
                        .filter(u -> u.startsWith("http://") || u.startsWith("https://"))
                        .ifPresent(u -> b.field("url", u));
                engagement(b, e);
            }
            case "list_unsubscribe", "link_unsubscribe" -> {
                b = ProviderEvent.builder(EventType.EMAIL_UNSUBSCRIBED);
                b.field("method", UnsubscribeMethod.PROVIDER.wireName());
            }
            default -> {
                return new ParsedItem.Ignored(index, "SparkPost event type '" + cut(type) + "' is not mapped");
            }
        }
        String recipient = ProviderJson.text(e, "/rcpt_to").or(() -> ProviderJson.text(e, "/raw_rcpt_to")).orElse(null);
        if (recipient != null && !EmailAddress.isAddress(recipient.trim())) {
            throw new InvalidInputException("rcpt_to", "rcpt_to is not an email address");
        }
        ObjectNode metadata = ProviderJson.metadata(e.get("rcpt_meta"));
        b.providerEventId(ProviderJson.text(e, "/event_id").orElse(null))
                .occurredAt(time(e).orElse(null))
                .recipient(recipient)
                .providerMessageId(ProviderJson.text(e, "/transmission_id").orElse(null))
                .metadata(metadata)
                .emailId(ProviderJson.emailIdFrom(metadata).orElse(null))
                .raw(e);
        JsonNode tags = e.get("rcpt_tags");
        if (tags != null && tags.isArray()) {
            for (JsonNode tag : tags) {
                if (tag.isTextual() && tag.asText().length() <= 256) {
                    b.tag(tag.asText());
                }
            }
        }
        return storable(index, b.build());
    }

    private static void engagement(ProviderEvent.Builder b, JsonNode e) {
        b.field("ip_address", ProviderJson.text(e, "/ip_address").orElse(null));
        b.field("user_agent", ProviderJson.text(e, "/user_agent").orElse(null));
        JsonNode geo = e.get("geo_ip");
        if (geo != null && geo.isObject()) {
            ObjectNode location = EventCodec.MAPPER.createObjectNode();
            ProviderJson.text(geo, "/country").ifPresent(c -> location.put("country", c));
            ProviderJson.text(geo, "/city").ifPresent(c -> location.put("city", c));
            if (!location.isEmpty()) {
                b.field("location", location);
            }
        }
    }

    /** {@code timestamp}: unix seconds as a string (or number); generation events have carried ISO times. */
    private static Optional<Instant> time(JsonNode e) {
        Optional<String> t = ProviderJson.text(e, "/timestamp");
        if (t.isEmpty()) {
            return Optional.empty();
        }
        if (t.get().length() > 40) {
            throw new InvalidInputException("timestamp", "timestamp is not a time");
        }
        Optional<Instant> at = NUMERIC.matcher(t.get()).matches()
                ? ProviderJson.epochSeconds(e, "/timestamp") : ProviderJson.isoTime(e, "/timestamp");
        if (at.isPresent() && (at.get().isBefore(Instant.EPOCH) || at.get().getEpochSecond() > 253_402_300_799L)) {
            throw new InvalidInputException("timestamp", "timestamp is out of range");
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
