package dev.postcard.providers.custom;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.bounces.Reason;
import dev.postcard.event.BounceReason;
import dev.postcard.event.BounceType;
import dev.postcard.event.DropReason;
import dev.postcard.event.EmailAddress;
import dev.postcard.event.EventType;
import dev.postcard.event.StorableText;
import dev.postcard.event.UnsubscribeMethod;
import dev.postcard.providers.BounceReasons;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.ProviderJson;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.WebhookRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Parses a provider's webhook body by a {@link MappingSpec}: one {@link ParsedItem} per event of the body. An
 * event whose type the mapping does not name is {@link ParsedItem.Ignored}; an event whose type is missing or
 * whose mapped values have the wrong shape is {@link ParsedItem.Failed} alone, and the others still count.
 */
final class MappingParser implements ProviderParser {
    private static final Set<String> BOUNCE_REASONS = BounceReason.wireNames();
    private static final Set<String> UNSUBSCRIBE_METHODS = UnsubscribeMethod.wireNames();
    private static final Set<String> DROP_REASONS = DropReason.wireNames();
    private static final long LATEST_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
    private static final int MAX_TEXT = 10_000;
    private static final int MAX_ID = 128;
    private static final int MAX_TAGS = 50;
    private static final int MAX_NUMBER_TEXT = 40;
    private static final int MAX_TIME_TEXT = 64;

    private final MappingSpec spec;
    private final String provider;
    private final JsonPointer events;
    private final JsonPointer type;
    private final JsonPointer emailId;
    private final JsonPointer recipient;
    private final JsonPointer timestamp;
    private final JsonPointer providerMessageId;
    private final JsonPointer eventId;
    private final JsonPointer metadata;
    private final JsonPointer tags;
    private final Map<String, JsonPointer> fields = new LinkedHashMap<>();

    /** @param provider the name events are checked under ({@code data.provider}) */
    public MappingParser(MappingSpec spec, String provider) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.events = spec.events().map(JsonPointer::compile).orElse(null);
        this.type = JsonPointer.compile(spec.type());
        this.emailId = compile(spec.emailId());
        this.recipient = compile(spec.recipient());
        this.timestamp = compile(spec.timestamp());
        this.providerMessageId = compile(spec.providerMessageId());
        this.eventId = compile(spec.eventId());
        this.metadata = compile(spec.metadata());
        this.tags = compile(spec.tags());
        spec.fields().forEach((name, pointer) -> fields.put(name, JsonPointer.compile(pointer)));
    }

    public MappingSpec spec() {
        return spec;
    }

    @Override
    public List<ParsedItem> parse(WebhookRequest request) {
        JsonNode body = ProviderJson.readBody(request);
        List<JsonNode> items = new ArrayList<>();
        JsonNode container = body;
        if (events != null) {
            container = body.at(events);
            if (!container.isArray() && !container.isObject()) {
                throw new InvalidInputException("body", "the body has no array of events at "
                        + spec.events().orElse("") + " (mapping.events)");
            }
        } else if (!body.isArray() && !body.isObject()) {
            throw new InvalidInputException("body", "the body must be a JSON object (one event) or an array of events");
        }
        if (container.isArray()) {
            container.forEach(items::add);
        } else {
            items.add(container);
        }
        List<ParsedItem> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(item(i, items.get(i)));
        }
        return out;
    }

    private ParsedItem item(int index, JsonNode item) {
        try {
            return event(index, item);
        } catch (ItemFailure f) {
            return new ParsedItem.Failed(index, f.field, f.getMessage());
        } catch (InvalidInputException e) {
            return new ParsedItem.Failed(index, e.field(), e.getMessage());
        } catch (RuntimeException e) {
            // A mapping is data, not code: no item, however odd, may fail the batch or the request.
            return new ParsedItem.Failed(index, "", "the event could not be read: " + e.getClass().getSimpleName());
        }
    }

    private ParsedItem event(int index, JsonNode item) {
        JsonNode typeNode = item.at(type);
        String typePath = path(spec.type());
        if (typeNode.isMissingNode() || typeNode.isNull()) {
            throw new ItemFailure(typePath, "the event type is missing (" + label(typePath) + ")");
        }
        if (!(typeNode.isTextual() || typeNode.isNumber() || typeNode.isBoolean())) {
            throw new ItemFailure(typePath, label(typePath) + " must be a string");
        }
        String typeValue = scalarText(typeNode).trim();
        EventType eventType = spec.types().get(typeValue);
        if (eventType == null) {
            return new ParsedItem.Ignored(index, "unmapped event type '" + cut(typeValue, 100) + "'");
        }
        ProviderEvent.Builder b = ProviderEvent.builder(eventType).raw(item);

        text(item, eventId, spec.eventId(), Integer.MAX_VALUE).ifPresent(b::providerEventId);
        time(item).ifPresent(b::occurredAt);
        text(item, recipient, spec.recipient(), 320).ifPresent(to -> {
            String address = to.startsWith("<") || to.endsWith(">") || to.contains("<")
                    ? to.substring(to.lastIndexOf('<') + 1).replace(">", "").trim() : to;
            if (!EmailAddress.isAddress(address)) {
                throw new ItemFailure(path(spec.recipient().orElse("")), "'" + cut(to, 100) + "' is not an email address");
            }
            b.recipient(address);
        });
        text(item, providerMessageId, spec.providerMessageId(), MAX_TEXT).ifPresent(b::providerMessageId);
        ObjectNode meta = metadata(item);
        b.metadata(meta);
        Optional<String> id = text(item, emailId, spec.emailId(), MAX_ID);
        if (id.isEmpty()) {
            id = ProviderJson.emailIdFrom(meta).filter(m -> m.length() <= MAX_ID);
        }
        id.ifPresent(b::emailId);
        tags(item, b);
        fields(item, eventType, b);

        ProviderEvent event = b.build();
        return ParsedItem.Events.of(index, event);
    }

    private Optional<Instant> time(JsonNode item) {
        if (timestamp == null) {
            return Optional.empty();
        }
        JsonNode v = item.at(timestamp);
        String p = path(spec.timestamp().orElse(""));
        if (v.isMissingNode() || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            return Optional.empty();
        }
        return Optional.of(switch (spec.timestampFormat()) {
            case ISO8601 -> iso(p, v);
            case UNIX -> epoch(p, v, 3);
            case UNIX_MS -> epoch(p, v, 0);
        });
    }

    private static Instant iso(String p, JsonNode v) {
        if (!v.isTextual() || v.asText().length() > MAX_TIME_TEXT) {
            throw new ItemFailure(p, label(p) + " must be an ISO 8601 time such as 2026-11-22T10:30:05Z");
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(v.asText().trim()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                at = Instant.parse(v.asText().trim());
            } catch (DateTimeParseException again) {
                throw new ItemFailure(p, label(p) + " must be an ISO 8601 time with an offset, such as"
                        + " 2026-11-22T10:30:05Z, not '" + cut(v.asText(), 64) + "'");
            }
        }
        if (at.isBefore(Instant.EPOCH) || at.toEpochMilli() > LATEST_MILLIS) {
            throw new ItemFailure(p, label(p) + " is not between 1970 and 9999");
        }
        return at;
    }

    /** Unix seconds ({@code shift} 3) or milliseconds ({@code shift} 0), as a number or a numeric string. */
    private static Instant epoch(String p, JsonNode v, int shift) {
        String unit = shift == 3 ? "unix seconds" : "unix milliseconds";
        BigDecimal value;
        try {
            if (v.isNumber()) {
                if (v.isFloatingPointNumber() && !v.isBigDecimal() && !Double.isFinite(v.doubleValue())) {
                    throw new NumberFormatException();
                }
                value = v.isIntegralNumber() ? new BigDecimal(v.bigIntegerValue()) : v.decimalValue();
            } else if (v.isTextual() && v.asText().trim().length() <= MAX_NUMBER_TEXT) {
                value = new BigDecimal(v.asText().trim());
            } else {
                throw new NumberFormatException();
            }
            BigDecimal millis = value.movePointRight(shift);
            if (millis.signum() < 0 || millis.compareTo(BigDecimal.valueOf(LATEST_MILLIS)) > 0) {
                throw new ItemFailure(p, label(p) + " is not between 1970 and 9999");
            }
            return Instant.ofEpochMilli(millis.longValue());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ItemFailure(p, label(p) + " must be " + unit);
        }
    }

    private ObjectNode metadata(JsonNode item) {
        ObjectNode out = ProviderJson.metadata(null);
        if (metadata == null) {
            return out;
        }
        JsonNode v = item.at(metadata);
        if (v.isMissingNode() || v.isNull()) {
            return out;
        }
        if (v.isObject()) {
            out = ProviderJson.metadata(v);
        } else if (v.isTextual()) {
            out = ProviderJson.metadataFromJsonText(v.asText());
        } else {
            String p = path(spec.metadata().orElse(""));
            throw new ItemFailure(p, label(p) + " must be an object");
        }
        // What the event log could not keep (NUL, lone surrogates, infinite numbers) is left out, not fatal.
        out.properties().removeIf(e -> !StorableText.isStorable(e.getKey())
                || (e.getValue().isTextual() && !StorableText.isStorable(e.getValue().asText()))
                || (e.getValue().isFloatingPointNumber() && !e.getValue().isBigDecimal()
                    && !Double.isFinite(e.getValue().doubleValue())));
        return out;
    }

    private void tags(JsonNode item, ProviderEvent.Builder b) {
        if (tags == null) {
            return;
        }
        JsonNode v = item.at(tags);
        if (v.isMissingNode() || v.isNull()) {
            return;
        }
        List<JsonNode> values = new ArrayList<>();
        if (v.isTextual()) {
            values.add(v);
        } else if (v.isArray()) {
            v.forEach(values::add);
        } else {
            String p = path(spec.tags().orElse(""));
            throw new ItemFailure(p, label(p) + " must be a string or an array of strings");
        }
        int count = 0;
        for (JsonNode tag : values) {
            if (count >= MAX_TAGS) {
                break;
            }
            String t = tag.isTextual() ? tag.asText().trim() : "";
            if (!t.isEmpty() && t.length() <= 256 && StorableText.isStorable(t)) {
                b.tag(t);
                count++;
            }
        }
    }

    private void fields(JsonNode item, EventType eventType, ProviderEvent.Builder b) {
        Map<String, String> text = new LinkedHashMap<>();
        Boolean machine = null;
        for (Map.Entry<String, JsonNode> f : fieldValues(item, eventType).entrySet()) {
            JsonNode v = f.getValue();
            if (f.getKey().equals("machine")) {
                Optional<Boolean> flag = v.isBoolean() ? Optional.of(v.booleanValue())
                        : v.isTextual() && Set.of("true", "false").contains(v.asText().trim().toLowerCase(Locale.ROOT))
                        ? Optional.of(Boolean.parseBoolean(v.asText().trim().toLowerCase(Locale.ROOT)))
                        : Optional.empty();
                if (flag.isPresent()) {
                    machine = flag.get();
                }
            } else if (v.isTextual() || v.isNumber()) {
                String s = cut(scalarText(v).trim(), MAX_TEXT);
                if (!s.isEmpty() && StorableText.isStorable(s)) {
                    text.put(f.getKey(), s);
                }
            }
        }
        switch (eventType) {
            case EMAIL_BOUNCED -> bounce(text);
            case EMAIL_CLICKED -> {
                String url = text.get("url");
                if (url != null && (url.length() > 8192 || !(url.startsWith("http://") || url.startsWith("https://")))) {
                    text.remove("url");
                }
            }
            case EMAIL_UNSUBSCRIBED -> text.compute("method", (k, m) -> m != null
                    && UNSUBSCRIBE_METHODS.contains(m.toLowerCase(Locale.ROOT)) ? m.toLowerCase(Locale.ROOT) : "provider");
            case EMAIL_DROPPED -> text.put("reason", dropReason(text.get("reason")));
            default -> {
            }
        }
        if (machine != null) {
            b.field("machine", machine);
            if (machine && !text.containsKey("machine_reason")) {
                text.put("machine_reason", "provider_flag");
            }
        }
        if (!Boolean.TRUE.equals(machine)) {
            text.remove("machine_reason");
        }
        text.forEach(b::field);
    }

    private Map<String, JsonNode> fieldValues(JsonNode item, EventType eventType) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        fields.forEach((name, pointer) -> {
            if (MappingSpec.MAPPABLE_FIELDS.get(name).contains(eventType)) {
                JsonNode v = item.at(pointer);
                if (!v.isMissingNode() && !v.isNull()) {
                    out.put(name, v);
                }
            }
        });
        return out;
    }

    private void bounce(Map<String, String> text) {
        String given = text.remove("bounce_type");
        if (given != null) {
            String mapped = spec.bounceTypes().get(given);
            String type = mapped != null ? mapped : given.toLowerCase(Locale.ROOT);
            if (MappingSpec.BOUNCE_TYPES.contains(type)) {
                text.put("bounce_type", type);
            }
        }
        String status = text.remove("status_code");
        String diagnostic = String.join(" ", text.getOrDefault("smtp_response", ""), text.getOrDefault("reason", ""));
        Optional<String> enhanced = BounceReasons.enhancedStatus(status)
                .or(() -> BounceReasons.enhancedStatus(text.get("smtp_response")));
        enhanced.ifPresent(s -> text.put("status_code", s));
        String reason = text.remove("bounce_reason");
        String normalised = reason == null ? null : reason.toLowerCase(Locale.ROOT);
        BounceType type;
        if (normalised != null && BOUNCE_REASONS.contains(normalised)) {
            text.put("bounce_reason", normalised);
            type = BounceReasons.type(normalised);
        } else {
            Reason read = BounceReasons.classify(enhanced.orElse(null), (reason == null ? "" : reason + " ") + diagnostic);
            text.put("bounce_reason", read.bounceReason().wireName());
            type = read.type();
        }
        if (!text.containsKey("bounce_type")) {
            text.put("bounce_type", "undetermined".equals(text.get("bounce_reason")) ? "undetermined" : type.wireName());
        }
    }

    private static String dropReason(String given) {
        if (given == null) {
            return "provider";
        }
        String g = given.toLowerCase(Locale.ROOT);
        if (DROP_REASONS.contains(g)) {
            return g;
        }
        if (g.contains("suppress") || g.contains("unsubscribed") || g.contains("bounced address")
                || g.contains("spam reporting")) {
            return DropReason.SUPPRESSED.wireName();
        }
        if (g.contains("invalid")) {
            return DropReason.INVALID_ADDRESS.wireName();
        }
        return DropReason.PROVIDER.wireName();
    }

    /** The text at a configured pointer: strings and numbers; other kinds, or text over {@code max}, fail the item. */
    private static Optional<String> text(JsonNode item, JsonPointer pointer, Optional<String> spec, int max) {
        if (pointer == null) {
            return Optional.empty();
        }
        JsonNode v = item.at(pointer);
        if (v.isMissingNode() || v.isNull()) {
            return Optional.empty();
        }
        String p = path(spec.orElse(""));
        if (!(v.isTextual() || v.isNumber())) {
            throw new ItemFailure(p, label(p) + " must be a string");
        }
        String s = scalarText(v).trim();
        if (s.length() > max) {
            throw new ItemFailure(p, label(p) + " is longer than " + max + " characters");
        }
        if (!StorableText.isStorable(s)) {
            throw new ItemFailure(p, label(p) + " holds characters that cannot be stored");
        }
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    private static String scalarText(JsonNode v) {
        return v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText();
    }

    private static JsonPointer compile(Optional<String> pointer) {
        return pointer.map(JsonPointer::compile).orElse(null);
    }

    /** A pointer as a dotted path inside the event: {@code /bounce/kind} → {@code bounce.kind}. */
    static String path(String pointer) {
        if (pointer.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String segment : pointer.substring(1).split("/", -1)) {
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append(segment.replace("~1", "/").replace("~0", "~"));
        }
        return out.toString();
    }

    private static String label(String path) {
        return path.isEmpty() ? "the event" : path;
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    /** One event's value is unusable: the event becomes a Failed item naming where. */
    private static final class ItemFailure extends RuntimeException {
        private final String field;

        ItemFailure(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }
}
