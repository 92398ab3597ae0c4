package dev.postcard.providers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.StorableText;
import dev.postcard.event.EventCodec;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/** Reading provider JSON: strict body parsing, tolerant field access, metadata flattening, provider times. */
public final class ProviderJson {
    /** The metadata key under which senders pass Postcard's {@code msg_} id through a provider. */
    public static final String EMAIL_ID_KEY = "postcard_email_id";
    /** The header Postcard adds to the mail it instruments; providers that echo headers bring it back. */
    public static final String EMAIL_ID_HEADER = "X-Postcard-Email-Id";

    private static final int MAX_METADATA_KEYS = 50;
    private static final int MAX_METADATA_VALUE = 2048;

    /** Nesting deeper than any provider sends is refused as malformed, not parsed into a stack overflow. */
    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                            .maxStringLength(1 << 20).build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ProviderJson() {
    }

    /** The body as one JSON value; {@link InvalidInputException} on field {@code body} when it is not JSON. */
    public static JsonNode readBody(WebhookRequest request) {
        byte[] body = request.bodyBytes();
        if (body.length == 0) {
            throw new InvalidInputException("body", "the request body is empty");
        }
        StorableText.requireUtf8("body", body);
        try {
            JsonNode node = STRICT.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new InvalidInputException("body", "the request body is empty");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidInputException("body", "the request body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    /** Parses a JSON document held in a string (SNS {@code Message}); errors name {@code field}. */
    public static JsonNode readString(String json, String field) {
        try {
            JsonNode node = STRICT.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new InvalidInputException(field, field + " is empty");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidInputException(field, field + " is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    /** The text at {@code pointer} ({@code /a/b}); numbers are given as their text; missing, null or blank → empty. */
    public static Optional<String> text(JsonNode node, String pointer) {
        JsonNode value = node.at(pointer);
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            String s = value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText();
            return s.isBlank() ? Optional.empty() : Optional.of(s);
        }
        return Optional.empty();
    }

    public static Optional<Boolean> bool(JsonNode node, String pointer) {
        JsonNode value = node.at(pointer);
        if (value.isBoolean()) {
            return Optional.of(value.booleanValue());
        }
        if (value.isTextual() && ("true".equalsIgnoreCase(value.asText()) || "false".equalsIgnoreCase(value.asText()))) {
            return Optional.of(Boolean.parseBoolean(value.asText()));
        }
        if (value.isNumber()) {
            return Optional.of(value.asInt() != 0);
        }
        return Optional.empty();
    }

    /** An ISO 8601 time with an offset ({@code 2026-11-22T10:30:05.123Z}). */
    public static Optional<Instant> isoTime(JsonNode node, String pointer) {
        return text(node, pointer).map(t -> {
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return Instant.parse(t);
                } catch (DateTimeParseException again) {
                    throw new InvalidInputException(pointer.substring(1).replace('/', '.'),
                            "'" + t + "' is not an ISO 8601 time");
                }
            }
        });
    }

    /** Unix seconds as a number or a string, with an optional fraction (Mailgun's microseconds, SparkPost's strings). */
    public static Optional<Instant> epochSeconds(JsonNode node, String pointer) {
        return text(node, pointer).map(t -> {
            try {
                BigDecimal seconds = new BigDecimal(t.trim());
                return Instant.ofEpochMilli(seconds.movePointRight(3).setScale(0, java.math.RoundingMode.FLOOR).longValueExact());
            } catch (NumberFormatException | ArithmeticException e) {
                throw new InvalidInputException(pointer.substring(1).replace('/', '.'), "'" + t + "' is not unix seconds");
            }
        });
    }

    /** Unix milliseconds (Brevo's {@code ts_epoch}). */
    public static Optional<Instant> epochMillis(JsonNode node, String pointer) {
        return text(node, pointer).map(t -> {
            try {
                return Instant.ofEpochMilli(new BigDecimal(t.trim()).setScale(0, java.math.RoundingMode.DOWN).longValueExact());
            } catch (NumberFormatException | ArithmeticException e) {
                throw new InvalidInputException(pointer.substring(1).replace('/', '.'), "'" + t + "' is not unix milliseconds");
            }
        });
    }

    /**
     * The sender's metadata as Postcard keeps it: at most 50 keys of strings, numbers and booleans; nested
     * values become their JSON text, values longer than 2048 characters are cut. Anything that is not an
     * object (Mailgun's "Could not load user-variables" string) is no metadata.
     */
    public static ObjectNode metadata(JsonNode node) {
        ObjectNode out = EventCodec.MAPPER.createObjectNode();
        if (node == null || !node.isObject()) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext() && out.size() < MAX_METADATA_KEYS; ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey().length() > 256 ? e.getKey().substring(0, 256) : e.getKey();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            if (v.isTextual()) {
                out.put(key, cut(v.asText()));
            } else if (v.isNumber() || v.isBoolean()) {
                out.set(key, v);
            } else {
                out.put(key, cut(v.toString()));
            }
        }
        return out;
    }

    /** Parses a JSON object carried as a string (Mailjet {@code Payload}, Brevo {@code X-Mailin-custom}); else empty. */
    public static ObjectNode metadataFromJsonText(String text) {
        if (text == null || text.isBlank()) {
            return EventCodec.MAPPER.createObjectNode();
        }
        try {
            return metadata(STRICT.readTree(text));
        } catch (IOException e) {
            return EventCodec.MAPPER.createObjectNode();
        }
    }

    /** Postcard's {@code msg_} id from metadata ({@value #EMAIL_ID_KEY}), if the sender put it there. */
    public static Optional<String> emailIdFrom(ObjectNode metadata) {
        JsonNode id = metadata.get(EMAIL_ID_KEY);
        return id != null && id.isTextual() && !id.asText().isBlank() ? Optional.of(id.asText().trim()) : Optional.empty();
    }

    private static String cut(String s) {
        return s.length() > MAX_METADATA_VALUE ? s.substring(0, MAX_METADATA_VALUE) : s;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
