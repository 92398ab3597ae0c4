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
import java.time.LocalDate;
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
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds >= FAST_UNTIL_SECONDS) {
            return ISO_MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS));
        }
        long millis = seconds * 1000 + instant.getNano() / 1_000_000;
        // By hand for the years 1970-9999: every event envelope is formatted at least once on the way in, and
        // DateTimeFormatter's general printer cost about 4 % of a durable open's CPU. Same text as ISO_MILLIS.
        long days = Math.floorDiv(millis, DAY_MILLIS);
        int ofDay = (int) (millis - days * DAY_MILLIS);
        LocalDate date = LocalDate.ofEpochDay(days);
        char[] text = new char[24];
        put(text, 0, date.getYear(), 4);
        text[4] = '-';
        put(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        put(text, 11, ofDay / 3_600_000, 2);
        text[13] = ':';
        put(text, 14, ofDay / 60_000 % 60, 2);
        text[16] = ':';
        put(text, 17, ofDay / 1000 % 60, 2);
        text[19] = '.';
        put(text, 20, ofDay % 1000, 3);
        text[23] = 'Z';
        return new String(text);
    }

    private static final long DAY_MILLIS = 86_400_000L;
    private static final long FAST_UNTIL_SECONDS = 253_402_300_800L; // 10000-01-01T00:00:00Z

    /** {@code value} as {@code digits} decimal digits, zero-padded, at {@code at}. */
    private static void put(char[] text, int at, int value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
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
