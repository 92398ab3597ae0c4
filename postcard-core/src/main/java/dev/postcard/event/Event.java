package dev.postcard.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * One normalised event: the envelope of DESIGN §5. {@code data} is validated by {@link EventCodec}
 * before an event is built from outside input; the record keeps its own copy so callers cannot change it.
 */
public record Event(String id, EventType type, Instant createdAt, ObjectNode data) {

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
        data = data == null ? EventCodec.MAPPER.createObjectNode() : data.deepCopy();
    }

    /** The data object; a copy, since JSON nodes are mutable. */
    @Override
    public ObjectNode data() {
        return data.deepCopy();
    }

    /** Writes {@code data} without copying it: the envelope of every stored event passes through here. */
    void writeData(com.fasterxml.jackson.core.JsonGenerator gen) throws java.io.IOException {
        EventCodec.MAPPER.writeTree(gen, data);
    }

    public Optional<String> emailId() {
        return text("email_id");
    }

    /** The recipient address, lower-cased, for {@code email.*} events. */
    public Optional<String> recipient() {
        return type.isEmailEvent() ? text("to") : Optional.empty();
    }

    /** A string field of {@code data}, empty when absent, null or blank. */
    public Optional<String> text(String field) {
        JsonNode node = data.get(field);
        return node == null || !node.isTextual() || node.asText().isBlank() ? Optional.empty() : Optional.of(node.asText());
    }

    /** The non-blank strings of an array field of {@code data} (such as {@code tags}), without copying data. */
    public java.util.List<String> texts(String field) {
        JsonNode node = data.get(field);
        if (node == null || !node.isArray()) {
            return java.util.List.of();
        }
        java.util.List<String> out = new java.util.ArrayList<>(node.size());
        node.forEach(item -> {
            if (item.isTextual() && !item.asText().isBlank()) {
                out.add(item.asText());
            }
        });
        return out;
    }

    public boolean flag(String field) {
        JsonNode node = data.get(field);
        return node != null && node.asBoolean(false);
    }
}
