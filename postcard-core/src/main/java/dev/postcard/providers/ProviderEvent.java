package dev.postcard.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One event as a provider reported it, normalised to Postcard's vocabulary but not yet tied to a message.
 *
 * @param type              the Postcard event type
 * @param providerEventId   the provider's own id of this event (dedupe key); parsers of providers without one
 *                          use {@link ProviderIds#contentId}
 * @param occurredAt        when it happened by the provider's clock; empty means "when received"
 * @param recipient         the recipient address this event is about
 * @param providerMessageId the provider's id of the message
 * @param emailId           Postcard's {@code msg_} id, when it came back in the provider's metadata channel
 * @param tags              the provider's tags or categories
 * @param metadata          the sender's own key/values, flattened to scalars (see {@link ProviderJson#metadata})
 * @param fields            the type-specific fields of DESIGN §5 ({@code bounce_type}, {@code url}, ...)
 * @param raw               the provider's item as sent, kept under {@code data.raw} when the source asks
 */
public record ProviderEvent(EventType type, String providerEventId, Optional<Instant> occurredAt,
                            Optional<String> recipient, Optional<String> providerMessageId, Optional<String> emailId,
                            List<String> tags, ObjectNode metadata, ObjectNode fields, JsonNode raw) {

    public ProviderEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(providerEventId, "providerEventId");
        if (!type.isEmailEvent()) {
            throw new IllegalArgumentException("provider events are email.* events, not " + type.wireName());
        }
        tags = List.copyOf(tags);
    }

    public static Builder builder(EventType type) {
        return new Builder(type);
    }

    /** Assembles a {@link ProviderEvent}; every setter ignores null and blank values. */
    public static final class Builder {
        private final EventType type;
        private String providerEventId;
        private Instant occurredAt;
        private String recipient;
        private String providerMessageId;
        private String emailId;
        private final List<String> tags = new ArrayList<>();
        private ObjectNode metadata = EventCodec.MAPPER.createObjectNode();
        private final ObjectNode fields = EventCodec.MAPPER.createObjectNode();
        private JsonNode raw = EventCodec.MAPPER.nullNode();

        private Builder(EventType type) {
            this.type = Objects.requireNonNull(type, "type");
        }

        public Builder providerEventId(String id) {
            this.providerEventId = blankToNull(id);
            return this;
        }

        public Builder occurredAt(Instant at) {
            this.occurredAt = at;
            return this;
        }

        public Builder recipient(String address) {
            this.recipient = blankToNull(address == null ? null : address.trim());
            return this;
        }

        public Builder providerMessageId(String id) {
            this.providerMessageId = blankToNull(id == null ? null : id.trim());
            return this;
        }

        public Builder emailId(String id) {
            this.emailId = blankToNull(id == null ? null : id.trim());
            return this;
        }

        public Builder tag(String tag) {
            String t = blankToNull(tag);
            if (t != null && !tags.contains(t)) {
                tags.add(t);
            }
            return this;
        }

        public Builder tags(Iterable<String> values) {
            values.forEach(this::tag);
            return this;
        }

        public Builder metadata(ObjectNode values) {
            if (values != null) {
                this.metadata = values;
            }
            return this;
        }

        /** A type-specific text field of DESIGN §5 ({@code bounce_reason}, {@code smtp_response}, ...). */
        public Builder field(String name, String value) {
            if (blankToNull(value) != null) {
                fields.put(name, value);
            }
            return this;
        }

        public Builder field(String name, boolean value) {
            fields.put(name, value);
            return this;
        }

        public Builder field(String name, JsonNode value) {
            if (value != null && !value.isNull() && !value.isMissingNode()) {
                fields.set(name, value);
            }
            return this;
        }

        public Builder raw(JsonNode item) {
            if (item != null) {
                this.raw = item;
            }
            return this;
        }

        public Optional<String> recipient() {
            return Optional.ofNullable(recipient);
        }

        public ProviderEvent build() {
            String id = providerEventId != null ? providerEventId : ProviderIds.contentId(type, recipient, raw);
            return new ProviderEvent(type, id, Optional.ofNullable(occurredAt), Optional.ofNullable(recipient),
                    Optional.ofNullable(providerMessageId), Optional.ofNullable(emailId), tags, metadata, fields, raw);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }
}
