package dev.postcard.providers.custom;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.BounceType;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A declarative description of a provider's webhook body: where the events are, which JSON pointer holds each
 * Postcard field and how the provider's values translate. Parsed from the {@code mapping} object of a
 * {@code custom} source with strict validation; every error names its field ({@code mapping.type}, ...).
 *
 * @param events            the pointer to the array of events in the body; empty: a body array is the events,
 *                          a body object is one event
 * @param type              the pointer to the provider's event type in an event
 * @param types             provider type value → Postcard type; other values are ignored items
 * @param timestampFormat   how {@code timestamp} is written
 * @param fields            DESIGN §5 type-specific field name → pointer
 * @param bounceTypes       provider value → {@code hard}, {@code soft} or {@code undetermined} for {@code bounce_type}
 */
record MappingSpec(Optional<String> events, String type, Map<String, EventType> types,
                          Optional<String> emailId, Optional<String> recipient, Optional<String> timestamp,
                          TimestampFormat timestampFormat, Optional<String> providerMessageId,
                          Optional<String> eventId, Optional<String> metadata, Optional<String> tags,
                          Map<String, String> fields, Map<String, String> bounceTypes) {

    /** How the provider writes its event times. */
    public enum TimestampFormat {
        ISO8601("iso8601"), UNIX("unix"), UNIX_MS("unix_ms");

        private final String wireName;

        TimestampFormat(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        static Optional<TimestampFormat> of(String name) {
            for (TimestampFormat f : values()) {
                if (f.wireName.equals(name)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    /** The §5 type-specific fields a mapping may fill, with the types that carry each. */
    static final Map<String, Set<EventType>> MAPPABLE_FIELDS;

    static {
        Map<String, Set<EventType>> m = new LinkedHashMap<>();
        m.put("template_id", EnumSet.of(EventType.EMAIL_SENT));
        m.put("smtp_response", EnumSet.of(EventType.EMAIL_DELIVERED, EventType.EMAIL_DELIVERY_DELAYED,
                EventType.EMAIL_BOUNCED));
        m.put("reason", EnumSet.of(EventType.EMAIL_DELIVERY_DELAYED, EventType.EMAIL_BOUNCED, EventType.EMAIL_DROPPED,
                EventType.EMAIL_FAILED));
        m.put("bounce_type", EnumSet.of(EventType.EMAIL_BOUNCED));
        m.put("bounce_reason", EnumSet.of(EventType.EMAIL_BOUNCED));
        m.put("status_code", EnumSet.of(EventType.EMAIL_BOUNCED));
        m.put("complaint_type", EnumSet.of(EventType.EMAIL_COMPLAINED));
        m.put("feedback_id", EnumSet.of(EventType.EMAIL_COMPLAINED));
        m.put("ip_address", EnumSet.of(EventType.EMAIL_OPENED, EventType.EMAIL_CLICKED));
        m.put("user_agent", EnumSet.of(EventType.EMAIL_OPENED, EventType.EMAIL_CLICKED));
        m.put("machine", EnumSet.of(EventType.EMAIL_OPENED, EventType.EMAIL_CLICKED));
        m.put("machine_reason", EnumSet.of(EventType.EMAIL_OPENED, EventType.EMAIL_CLICKED));
        m.put("url", EnumSet.of(EventType.EMAIL_CLICKED));
        m.put("method", EnumSet.of(EventType.EMAIL_UNSUBSCRIBED));
        m.put("error", EnumSet.of(EventType.EMAIL_FAILED));
        MAPPABLE_FIELDS = Collections.unmodifiableMap(m);
    }

    static final Set<String> BOUNCE_TYPES = BounceType.wireNames();
    private static final List<String> KEYS = List.of("events", "type", "types", "email_id", "recipient", "timestamp",
            "timestamp_format", "provider_message_id", "event_id", "metadata", "tags", "fields", "bounce_types");
    private static final int MAX_POINTER = 512;
    private static final int MAX_VALUE_KEY = 256;
    private static final int MAX_TYPES = 500;
    private static final int MAX_BOUNCE_TYPES = 500;

    public MappingSpec {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(emailId, "emailId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(timestampFormat, "timestampFormat");
        Objects.requireNonNull(providerMessageId, "providerMessageId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(tags, "tags");
        types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        bounceTypes = Collections.unmodifiableMap(new LinkedHashMap<>(bounceTypes));
    }

    /**
     * Reads and checks a {@code mapping} object.
     *
     * @throws InvalidInputException naming the field, such as {@code mapping.types.hard}
     */
    public static MappingSpec parse(JsonNode mapping) {
        if (mapping == null || mapping.isNull() || mapping.isMissingNode()) {
            throw new InvalidInputException("mapping", "mapping is required");
        }
        if (!mapping.isObject()) {
            throw new InvalidInputException("mapping", "mapping must be an object");
        }
        for (String key : (Iterable<String>) mapping::fieldNames) {
            if (!KEYS.contains(key)) {
                throw new InvalidInputException("mapping." + key, "unknown mapping field '" + key + "'; known: "
                        + KEYS.stream().sorted().toList());
            }
        }
        String type = pointer(mapping, "type")
                .orElseThrow(() -> new InvalidInputException("mapping.type", "mapping.type is required: the JSON pointer"
                        + " to the provider's event type, such as /event"));
        String format = optionalText(mapping, "timestamp_format").orElse("iso8601");
        TimestampFormat timestampFormat = TimestampFormat.of(format).orElseThrow(() -> new InvalidInputException(
                "mapping.timestamp_format", "mapping.timestamp_format must be iso8601, unix or unix_ms"));
        return new MappingSpec(pointer(mapping, "events"), type, types(mapping.get("types")),
                pointer(mapping, "email_id"), pointer(mapping, "recipient"), pointer(mapping, "timestamp"),
                timestampFormat, pointer(mapping, "provider_message_id"), pointer(mapping, "event_id"),
                pointer(mapping, "metadata"), pointer(mapping, "tags"), fields(mapping.get("fields")),
                bounceTypes(mapping.get("bounce_types")));
    }

    /** The mapping as it is stored and shown: pointers, values resolved to wire names, defaults written out. */
    public ObjectNode toJson() {
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        events.ifPresent(p -> out.put("events", p));
        out.put("type", type);
        ObjectNode t = out.putObject("types");
        types.forEach((k, v) -> t.put(k, v.wireName()));
        emailId.ifPresent(p -> out.put("email_id", p));
        recipient.ifPresent(p -> out.put("recipient", p));
        timestamp.ifPresent(p -> out.put("timestamp", p));
        out.put("timestamp_format", timestampFormat.wireName());
        providerMessageId.ifPresent(p -> out.put("provider_message_id", p));
        eventId.ifPresent(p -> out.put("event_id", p));
        metadata.ifPresent(p -> out.put("metadata", p));
        tags.ifPresent(p -> out.put("tags", p));
        if (!fields.isEmpty()) {
            ObjectNode f = out.putObject("fields");
            fields.forEach(f::put);
        }
        if (!bounceTypes.isEmpty()) {
            ObjectNode b = out.putObject("bounce_types");
            bounceTypes.forEach(b::put);
        }
        return out;
    }

    private static Map<String, EventType> types(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new InvalidInputException("mapping.types", "mapping.types is required: an object of provider type"
                    + " value to Postcard type, such as {\"delivered\": \"email.delivered\"}");
        }
        if (!node.isObject() || node.isEmpty()) {
            throw new InvalidInputException("mapping.types", "mapping.types must be a non-empty object of provider"
                    + " type value to Postcard type");
        }
        if (node.size() > MAX_TYPES) {
            throw new InvalidInputException("mapping.types", "mapping.types has more than " + MAX_TYPES + " entries");
        }
        Map<String, EventType> out = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            String field = "mapping.types." + e.getKey();
            checkValueKey(field, e.getKey());
            JsonNode v = e.getValue();
            if (!v.isTextual()) {
                throw new InvalidInputException(field, field + " must be a Postcard email type such as email.delivered");
            }
            EventType t = EventType.fromNameOrAlias(v.asText().trim().toLowerCase(Locale.ROOT))
                    .filter(EventType::isEmailEvent)
                    .orElseThrow(() -> new InvalidInputException(field, field + " must be a Postcard email type"
                            + " (email.sent ... email.failed, or an alias such as delivered), not '" + v.asText() + "'"));
            out.put(e.getKey(), t);
        });
        return out;
    }

    private static Map<String, String> fields(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new InvalidInputException("mapping.fields", "mapping.fields must be an object of field name to"
                    + " JSON pointer, such as {\"smtp_response\": \"/response\"}");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String field = "mapping.fields." + e.getKey();
            if (!MAPPABLE_FIELDS.containsKey(e.getKey())) {
                throw new InvalidInputException(field, "'" + e.getKey() + "' is not a type-specific event field a"
                        + " mapping can fill; known: " + MAPPABLE_FIELDS.keySet().stream().sorted().toList());
            }
            out.put(e.getKey(), checkPointer(field, e.getValue()));
        }
        return out;
    }

    private static Map<String, String> bounceTypes(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new InvalidInputException("mapping.bounce_types", "mapping.bounce_types must be an object of provider"
                    + " value to hard, soft or undetermined");
        }
        if (node.size() > MAX_BOUNCE_TYPES) {
            throw new InvalidInputException("mapping.bounce_types",
                    "mapping.bounce_types has more than " + MAX_BOUNCE_TYPES + " entries");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String field = "mapping.bounce_types." + e.getKey();
            checkValueKey(field, e.getKey());
            String v = e.getValue().isTextual() ? e.getValue().asText().trim().toLowerCase(Locale.ROOT) : "";
            if (!BOUNCE_TYPES.contains(v)) {
                throw new InvalidInputException(field, field + " must be hard, soft or undetermined");
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    private static void checkValueKey(String field, String key) {
        if (key.isEmpty() || key.length() > MAX_VALUE_KEY) {
            throw new InvalidInputException(field, "provider values must be 1 to " + MAX_VALUE_KEY + " characters");
        }
    }

    private static Optional<String> optionalText(JsonNode mapping, String name) {
        JsonNode v = mapping.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new InvalidInputException("mapping." + name, "mapping." + name + " must be a string");
        }
        return Optional.of(v.asText());
    }

    private static Optional<String> pointer(JsonNode mapping, String name) {
        JsonNode v = mapping.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        return Optional.of(checkPointer("mapping." + name, v));
    }

    private static String checkPointer(String field, JsonNode v) {
        if (!v.isTextual()) {
            throw new InvalidInputException(field, field + " must be a JSON pointer string such as /event");
        }
        String p = v.asText();
        if (!p.isEmpty() && !p.startsWith("/")) {
            throw new InvalidInputException(field, field + " must be a JSON pointer: empty or starting with '/', such as"
                    + " /" + p);
        }
        if (p.length() > MAX_POINTER) {
            throw new InvalidInputException(field, field + " is longer than " + MAX_POINTER + " characters");
        }
        try {
            JsonPointer.compile(p);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, field + " is not a valid JSON pointer");
        }
        return p;
    }
}
