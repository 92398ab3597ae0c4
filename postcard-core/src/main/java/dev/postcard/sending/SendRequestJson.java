package dev.postcard.sending;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.UnprocessableException;
import dev.postcard.event.EventCodec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a {@link SendRequest} from the JSON of {@code POST /v1/emails}; every problem names its field (422). */
public final class SendRequestJson {
    private static final Set<String> FIELDS = Set.of("from", "to", "cc", "bcc", "reply_to", "subject", "html", "text",
            "headers", "attachments", "tags", "metadata", "track_opens", "track_clicks", "template_id", "variables",
            "send_at");
    private static final Set<String> ATTACHMENT_FIELDS = Set.of("filename", "content", "content_type");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[A-Za-z0-9!#$&^_.+-]{1,127}/[A-Za-z0-9!#$&^_.+-]{1,127}"
            + "(\\s*;\\s*[A-Za-z0-9!#$&^_.+-]+=(\"[^\"\\r\\n]*\"|[A-Za-z0-9!#$&^_.+-]+))*");

    private SendRequestJson() {
    }

    public static SendRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new UnprocessableException("", "the body must be a JSON object");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new UnprocessableException(name, "unknown field '" + name + "'; expected one of "
                        + FIELDS.stream().sorted().toList());
            }
        });
        String from = text(body, "from").orElseThrow(() -> new UnprocessableException("from", "from is required"));
        return new SendRequest(from, addresses(body, "to"), addresses(body, "cc"), addresses(body, "bcc"),
                addresses(body, "reply_to"), text(body, "subject"), text(body, "html"), text(body, "text"),
                headers(body), attachments(body), strings(body, "tags"), object(body, "metadata"),
                bool(body, "track_opens"), bool(body, "track_clicks"), text(body, "template_id"),
                object(body, "variables"), sendAt(body));
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new UnprocessableException(field, field + " must be a string");
        }
        return Optional.of(value.asText());
    }

    /** One address as a string, or an array of them. */
    private static List<String> addresses(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value != null && value.isTextual()) {
            return List.of(value.asText());
        }
        if (value != null && !value.isNull() && !value.isArray()) {
            throw new UnprocessableException(field, field + " must be an address or an array of addresses");
        }
        return strings(body, field);
    }

    private static List<String> strings(JsonNode body, String field) {
        JsonNode value = body.get(field);
        List<String> out = new ArrayList<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (!value.isArray()) {
            throw new UnprocessableException(field, field + " must be an array of strings");
        }
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                throw new UnprocessableException(field + "[" + i + "]", field + " must hold strings");
            }
            out.add(value.get(i).asText());
        }
        return out;
    }

    private static ObjectNode object(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return EventCodec.MAPPER.createObjectNode();
        }
        if (!value.isObject()) {
            throw new UnprocessableException(field, field + " must be an object");
        }
        return (ObjectNode) value;
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return true;
        }
        if (!value.isBoolean()) {
            throw new UnprocessableException(field, field + " must be true or false");
        }
        return value.asBoolean();
    }

    private static SequencedMap<String, String> headers(JsonNode body) {
        SequencedMap<String, String> headers = new LinkedHashMap<>();
        object(body, "headers").properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                throw new UnprocessableException("headers." + e.getKey(), "a header value must be a string");
            }
            headers.put(e.getKey(), e.getValue().asText());
        });
        return headers;
    }

    private static List<MailAttachment> attachments(JsonNode body) {
        JsonNode value = body.get("attachments");
        List<MailAttachment> out = new ArrayList<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (!value.isArray()) {
            throw new UnprocessableException("attachments", "attachments must be an array of objects");
        }
        long total = 0;
        for (int i = 0; i < value.size(); i++) {
            String path = "attachments[" + i + "]";
            JsonNode item = value.get(i);
            if (!item.isObject()) {
                throw new UnprocessableException(path, "an attachment is an object {filename, content, content_type}");
            }
            item.fieldNames().forEachRemaining(name -> {
                if (!ATTACHMENT_FIELDS.contains(name)) {
                    throw new UnprocessableException(path + "." + name, "unknown field '" + name + "'");
                }
            });
            String filename = text(item, "filename").map(f -> f.strip()).filter(f -> !f.isEmpty())
                    .orElseThrow(() -> new UnprocessableException(path + ".filename", "filename is required"));
            if (filename.length() > 255 || filename.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
                throw new UnprocessableException(path + ".filename", "filename is 1 to 255 characters, no control characters");
            }
            String contentType = text(item, "content_type").map(String::strip).orElse("application/octet-stream");
            if (!MEDIA_TYPE.matcher(contentType).matches()) {
                throw new UnprocessableException(path + ".content_type", "content_type must be a media type: text/csv");
            }
            String encoded = text(item, "content")
                    .orElseThrow(() -> new UnprocessableException(path + ".content", "content is required (base64)"));
            byte[] content;
            try {
                content = Base64.getMimeDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw new UnprocessableException(path + ".content", "content must be base64");
            }
            if (!encoded.isBlank() && content.length == 0 || !encoded.strip().matches("[A-Za-z0-9+/=\\s]*")) {
                throw new UnprocessableException(path + ".content", "content must be base64");
            }
            total += content.length;
            if (total > SendRequest.MAX_ATTACHMENT_BYTES) {
                throw new UnprocessableException(path + ".content", "attachments may hold at most "
                        + SendRequest.MAX_ATTACHMENT_BYTES + " bytes together (decoded)");
            }
            out.add(new MailAttachment(filename, contentType, content));
        }
        return out;
    }

    private static Optional<Instant> sendAt(JsonNode body) {
        return text(body, "send_at").map(t -> {
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException e) {
                throw new UnprocessableException("send_at", "send_at must be an ISO 8601 time with an offset: "
                        + "2030-01-01T09:00:00Z");
            }
        });
    }
}
