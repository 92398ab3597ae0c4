package dev.postcard.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Reads and writes the event envelope of DESIGN §5. */
public final class EventCodec {
    /** One shared mapper: thread-safe once configured. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private EventCodec() {
    }

    /** {@code 2026-11-22T10:30:05.123Z}: UTC, always three fraction digits, so stored strings sort by time. */
    public static String formatInstant(Instant instant) {
        return ISO_MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** The envelope as compact JSON, fields in contract order. */
    public static String toJson(Event event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator gen = MAPPER.getFactory().createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("id", event.id());
            gen.writeStringField("type", event.type().wireName());
            gen.writeStringField("created_at", formatInstant(event.createdAt()));
            gen.writeFieldName("data");
            event.writeData(gen);
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The envelope as a JSON tree, for embedding in other responses. */
    public static ObjectNode toNode(Event event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", event.id());
        node.put("type", event.type().wireName());
        node.put("created_at", formatInstant(event.createdAt()));
        node.set("data", event.data());
        return node;
    }

    /** Reads an envelope that Postcard itself wrote (no validation). */
    public static Event fromStoredJson(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return new Event(
                    node.get("id").asText(),
                    EventType.fromWireName(node.get("type").asText()).orElseThrow(),
                    Instant.parse(node.get("created_at").asText()),
                    (ObjectNode) node.get("data"));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Validates an envelope from outside (an app's {@code POST /v1/events}) and builds the event. {@code id} and
     * {@code created_at} are optional; only {@code email.*} types are accepted from outside.
     */
    public static Event fromInput(JsonNode node, Clock clock) {
        return EventValidator.validate(node, clock);
    }

    /**
     * Validates an event built in code (provider webhooks, bounce mail) by the rules of {@link #fromInput}; takes
     * {@code data} over without copying it.
     */
    public static Event fromParts(String id, EventType type, Instant createdAt, ObjectNode data) {
        return EventValidator.validateParts(id, type, createdAt, data);
    }

    public static String writeJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("", "value cannot be written as JSON: " + e.getOriginalMessage());
        }
    }
}
