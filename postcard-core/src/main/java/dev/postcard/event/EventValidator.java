package dev.postcard.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.UnprocessableException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules an event from outside must meet; every error names the field that broke one. */
final class EventValidator {
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");
    private static final int MAX_TEXT = 10_000;
    private static final int MAX_TAGS = 50;
    private static final int MAX_METADATA_KEYS = 50;

    /** Fields every email event may carry, with their kinds. */
    private static final Map<String, Kind> COMMON = Map.ofEntries(
            Map.entry("email_id", Kind.ID), Map.entry("to", Kind.ADDRESS), Map.entry("from", Kind.TEXT),
            Map.entry("subject", Kind.TEXT), Map.entry("tags", Kind.TAGS), Map.entry("metadata", Kind.METADATA),
            Map.entry("provider", Kind.ID), Map.entry("provider_message_id", Kind.TEXT), Map.entry("raw", Kind.OBJECT));

    // The vocabularies are the enums' wire names: one list each, shared with everything that writes them.
    private static final Set<String> BOUNCE_TYPES = BounceType.wireNames();
    private static final Set<String> BOUNCE_REASONS = BounceReason.wireNames();
    private static final Set<String> UNSUBSCRIBE_METHODS = UnsubscribeMethod.wireNames();
    private static final Set<String> DROP_REASONS = DropReason.wireNames();

    private enum Kind { ID, ADDRESS, TEXT, TAGS, METADATA, OBJECT, TIME, BOOLEAN, URL, LOCATION }

    private EventValidator() {
    }

    static Event validate(JsonNode node, Clock clock) {
        if (node == null || !node.isObject()) {
            throw new InvalidInputException("", "an event must be a JSON object");
        }
        StorableText.check(node);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!Set.of("id", "type", "created_at", "data").contains(name)) {
                throw new InvalidInputException(name, "unknown field '" + name + "'");
            }
        }
        String id = optionalText(node, "id", "id").orElse(null);
        if (id != null && !EVENT_ID.matcher(id).matches()) {
            throw new InvalidInputException("id", "id must be 1 to 128 letters, digits or _ . : -");
        }
        String typeName = optionalText(node, "type", "type")
                .orElseThrow(() -> new InvalidInputException("type", "type is required"));
        EventType type = EventType.fromWireName(typeName)
                .orElseThrow(() -> new UnprocessableException("type", "unknown event type '" + typeName + "'"));
        if (!type.isEmailEvent()) {
            throw new UnprocessableException("type", "'" + typeName + "' events are emitted by Postcard only");
        }
        JsonNode dataNode = node.get("data");
        if (dataNode == null || dataNode.isNull()) {
            throw new InvalidInputException("data", "data is required");
        }
        if (!dataNode.isObject()) {
            throw new InvalidInputException("data", "data must be an object");
        }
        ObjectNode data = ((ObjectNode) dataNode).deepCopy();
        checkData(type, data);

        Instant createdAt = optionalText(node, "created_at", "created_at").map(t -> parseTime("created_at", t))
                .or(() -> type.timestampField().filter(data::has).map(f -> parseTime("data." + f, data.get(f).asText())))
                .orElseGet(clock::instant);
        type.timestampField().ifPresent(f -> data.put(f, EventCodec.formatInstant(
                data.has(f) ? parseTime("data." + f, data.get(f).asText()) : createdAt)));
        return new Event(id == null ? IdPrefix.EVENT.newId() : id, type, createdAt, data);
    }

    /** Checks {@code data} of an event of {@code type} in place: known fields of the right kinds, vocabularies. */
    private static void checkData(EventType type, ObjectNode data) {
        Map<String, Kind> specific = specificFields(type);
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Kind kind = COMMON.getOrDefault(field.getKey(), specific.get(field.getKey()));
            if (kind == null) {
                throw new InvalidInputException("data." + field.getKey(),
                        "unknown field '" + field.getKey() + "' for " + type.wireName());
            }
            if (!field.getValue().isNull()) {
                check(kind, "data." + field.getKey(), field.getValue());
            }
        }
        data.properties().removeIf(e -> e.getValue().isNull());
        if (data.has("to")) {
            data.put("to", data.get("to").asText().toLowerCase(Locale.ROOT));
        }
        checkVocabulary(type, data);
    }

    /**
     * Validates an event built in code from parts (provider webhooks, bounce mail) by the same rules as an envelope
     * from outside, without a round trip through JSON text. {@code data} is taken over, not copied.
     */
    static Event validateParts(String id, EventType type, Instant createdAt, ObjectNode data) {
        if (id == null || !EVENT_ID.matcher(id).matches()) {
            throw new InvalidInputException("id", "id must be 1 to 128 letters, digits or _ . : -");
        }
        if (!type.isEmailEvent()) {
            throw new UnprocessableException("type", "'" + type.wireName() + "' events are emitted by Postcard only");
        }
        if (createdAt.isBefore(EARLIEST) || createdAt.isAfter(LATEST)) {
            throw new InvalidInputException("created_at", "created_at must be between 1970-01-01 and 9999-12-31");
        }
        StorableText.check(data);
        checkData(type, data);
        type.timestampField().ifPresent(f -> data.put(f, EventCodec.formatInstant(
                data.has(f) ? parseTime("data." + f, data.get(f).asText()) : createdAt)));
        return new Event(id, type, createdAt, data);
    }

    private static Map<String, Kind> specificFields(EventType type) {
        return switch (type) {
            case EMAIL_SENT -> Map.of("template_id", Kind.TEXT, "transport", Kind.TEXT, "smtp_response", Kind.TEXT);
            case EMAIL_DELIVERED -> Map.of("delivered_at", Kind.TIME, "smtp_response", Kind.TEXT);
            case EMAIL_DELIVERY_DELAYED -> Map.of("reason", Kind.TEXT, "smtp_response", Kind.TEXT);
            case EMAIL_BOUNCED -> Map.of("bounced_at", Kind.TIME, "bounce_type", Kind.TEXT, "bounce_reason", Kind.TEXT,
                    "status_code", Kind.TEXT, "smtp_response", Kind.TEXT, "reason", Kind.TEXT);
            case EMAIL_COMPLAINED -> Map.of("complained_at", Kind.TIME, "complaint_type", Kind.TEXT,
                    "feedback_id", Kind.TEXT);
            case EMAIL_OPENED -> Map.of("opened_at", Kind.TIME, "ip_address", Kind.TEXT, "user_agent", Kind.TEXT,
                    "location", Kind.LOCATION, "machine", Kind.BOOLEAN, "machine_reason", Kind.TEXT);
            case EMAIL_CLICKED -> Map.of("clicked_at", Kind.TIME, "url", Kind.URL, "ip_address", Kind.TEXT,
                    "user_agent", Kind.TEXT, "location", Kind.LOCATION, "machine", Kind.BOOLEAN,
                    "machine_reason", Kind.TEXT);
            case EMAIL_UNSUBSCRIBED -> Map.of("unsubscribed_at", Kind.TIME, "method", Kind.TEXT);
            case EMAIL_DROPPED -> Map.of("reason", Kind.TEXT);
            case EMAIL_FAILED -> Map.of("reason", Kind.TEXT, "error", Kind.TEXT);
            default -> Map.of();
        };
    }

    private static void checkVocabulary(EventType type, ObjectNode data) {
        switch (type) {
            case EMAIL_BOUNCED -> {
                oneOf(data, "bounce_type", BOUNCE_TYPES);
                oneOf(data, "bounce_reason", BOUNCE_REASONS);
            }
            case EMAIL_UNSUBSCRIBED -> oneOf(data, "method", UNSUBSCRIBE_METHODS);
            case EMAIL_DROPPED -> oneOf(data, "reason", DROP_REASONS);
            default -> {
            }
        }
    }

    private static void oneOf(ObjectNode data, String field, Set<String> allowed) {
        if (data.has(field) && !allowed.contains(data.get(field).asText())) {
            throw new InvalidInputException("data." + field,
                    field + " must be one of " + allowed.stream().sorted().toList());
        }
    }

    private static void check(Kind kind, String path, JsonNode value) {
        switch (kind) {
            case ID -> {
                String s = text(path, value);
                if (s.isBlank() || s.length() > 128) {
                    throw new InvalidInputException(path, path + " must be 1 to 128 characters");
                }
            }
            case ADDRESS -> {
                String s = text(path, value);
                if (!EmailAddress.isAddress(s)) {
                    throw new InvalidInputException(path, path + " must be an email address");
                }
            }
            case TEXT -> {
                if (text(path, value).length() > MAX_TEXT) {
                    throw new InvalidInputException(path, path + " is longer than " + MAX_TEXT + " characters");
                }
            }
            case TIME -> parseTime(path, text(path, value));
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw new InvalidInputException(path, path + " must be true or false");
                }
            }
            case URL -> {
                String s = text(path, value);
                if (s.length() > 8192 || !(s.startsWith("http://") || s.startsWith("https://"))) {
                    throw new InvalidInputException(path, path + " must be an http or https URL");
                }
            }
            case TAGS -> {
                if (!value.isArray() || value.size() > MAX_TAGS) {
                    throw new InvalidInputException(path, path + " must be an array of at most " + MAX_TAGS + " strings");
                }
                for (int i = 0; i < value.size(); i++) {
                    JsonNode tag = value.get(i);
                    if (!tag.isTextual() || tag.asText().isBlank() || tag.asText().length() > 256) {
                        throw new InvalidInputException(path + "[" + i + "]", "tags must be strings of 1 to 256 characters");
                    }
                }
            }
            case METADATA -> {
                if (!value.isObject() || value.size() > MAX_METADATA_KEYS) {
                    throw new InvalidInputException(path, path + " must be an object of at most "
                            + MAX_METADATA_KEYS + " keys");
                }
                value.properties().forEach(e -> {
                    JsonNode v = e.getValue();
                    if (!(v.isTextual() || v.isNumber() || v.isBoolean() || v.isNull())
                            || v.asText().length() > 2048 || e.getKey().length() > 256) {
                        throw new InvalidInputException(path + "." + e.getKey(),
                                "metadata values must be strings, numbers or booleans of at most 2048 characters");
                    }
                });
            }
            case OBJECT -> {
                if (!value.isObject()) {
                    throw new InvalidInputException(path, path + " must be an object");
                }
            }
            case LOCATION -> {
                if (!value.isObject()) {
                    throw new InvalidInputException(path, path + " must be an object with country and city");
                }
                value.properties().forEach(e -> {
                    if (!Set.of("country", "city").contains(e.getKey()) || !(e.getValue().isTextual() || e.getValue().isNull())) {
                        throw new InvalidInputException(path + "." + e.getKey(), "location has only country and city, as strings");
                    }
                });
            }
        }
    }

    private static String text(String path, JsonNode value) {
        if (!value.isTextual()) {
            throw new InvalidInputException(path, path + " must be a string");
        }
        return value.asText();
    }

    private static Optional<String> optionalText(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(text(path, value));
    }

    /** Times are stored as epoch milliseconds and written with four-digit years: 1970 to 9999 fit both. */
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    static Instant parseTime(String path, String text) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(path, path + " must be an ISO 8601 timestamp with an offset, such as 2026-11-22T10:30:05Z");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidInputException(path, path + " must be between 1970-01-01 and 9999-12-31");
        }
        return instant;
    }
}
