package dev.postcard.providers.ses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.EventCodec;
import dev.postcard.providers.ProviderJson;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code mail} object every SES record carries: the SES message id, when SES accepted it, its recipients,
 * the sender's message tags as metadata and Postcard's email id when it came back.
 *
 * <p>SES tags are {@code name -> [values]}; metadata takes the first value of each. The tags SES adds itself
 * ({@code ses:configuration-set}, {@code ses:source-ip}, ...) are left out of metadata (they stay in raw).
 *
 * @param emailId from tag {@code postcard_email_id}, else the {@code X-Postcard-Email-Id} header in
 *                {@code mail.headers} (present when the configuration set includes original headers)
 */
record SesMail(String messageId, Optional<Instant> timestamp, List<String> destination, ObjectNode metadata,
               Optional<String> emailId) {
    static final String SYSTEM_TAG_PREFIX = "ses:";
    static final int MAX_RECIPIENTS = 1000;
    /** Postcard ids are short; a longer value is not one of them and is not used. */
    private static final int MAX_EMAIL_ID = 128;

    static SesMail from(JsonNode record) {
        JsonNode mail = record.get("mail");
        if (mail == null || !mail.isObject()) {
            throw new InvalidInputException("mail", "mail must be an object");
        }
        String messageId = ProviderJson.text(mail, "/messageId")
                .orElseThrow(() -> new InvalidInputException("mail.messageId", "mail.messageId is required"));
        Optional<Instant> timestamp = ProviderJson.isoTime(record, "/mail/timestamp");
        List<String> destination = usable(mail.get("destination"));
        ObjectNode metadata = metadata(mail.get("tags"));
        Optional<String> emailId = ProviderJson.emailIdFrom(metadata).or(() -> header(mail, ProviderJson.EMAIL_ID_HEADER))
                .filter(id -> id.length() <= MAX_EMAIL_ID);
        return new SesMail(SesRecord.clip(messageId.trim()), timestamp, destination, metadata, emailId);
    }

    /** Non-system tags, first value each. */
    static ObjectNode metadata(JsonNode tags) {
        ObjectNode flat = EventCodec.MAPPER.createObjectNode();
        if (tags == null || !tags.isObject()) {
            return flat;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> tag = it.next();
            if (tag.getKey().startsWith(SYSTEM_TAG_PREFIX)) {
                continue;
            }
            JsonNode value = tag.getValue().isArray() ? tag.getValue().path(0) : tag.getValue();
            if (value.isTextual() || value.isNumber() || value.isBoolean()) {
                flat.put(tag.getKey(), value.asText());
            }
        }
        return ProviderJson.metadata(flat);
    }

    /** The value of the first header named {@code name} (any case) in {@code mail.headers}. */
    static Optional<String> header(JsonNode mail, String name) {
        JsonNode headers = mail.get("headers");
        if (headers == null || !headers.isArray()) {
            return Optional.empty();
        }
        for (JsonNode h : headers) {
            if (h.isObject() && h.path("name").isTextual() && h.path("name").textValue().equalsIgnoreCase(name)
                    && h.path("value").isTextual() && !h.path("value").textValue().isBlank()) {
                return Optional.of(h.path("value").textValue().trim());
            }
        }
        return Optional.empty();
    }

    /** The usable addresses of {@code mail.destination}, possibly none (events that name recipients need none). */
    private static List<String> usable(JsonNode list) {
        try {
            return list == null ? List.of() : addresses(list, "mail.destination");
        } catch (InvalidInputException e) {
            return List.of();
        }
    }

    /**
     * The addresses of an SES list of address strings ({@code mail.destination}, {@code delivery.recipients}).
     * Unusable entries are skipped; a list with none usable is an error naming {@code field}.
     */
    static List<String> addresses(JsonNode list, String field) {
        if (list == null || !list.isArray()) {
            throw new InvalidInputException(field, field + " must be an array");
        }
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (JsonNode entry : list) {
            if (entry.isTextual()) {
                address(entry.textValue()).ifPresent(out::add);
            }
            if (out.size() >= MAX_RECIPIENTS) {
                break;
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(field, field + " has no recipient address");
        }
        return List.copyOf(out);
    }

    /** The bare address of {@code jane@example.com} or {@code "Jane" <jane@example.com>}; empty when there is none. */
    static Optional<String> address(String text) {
        String s = text.trim();
        int lt = s.lastIndexOf('<');
        if (lt >= 0 && s.endsWith(">")) {
            s = s.substring(lt + 1, s.length() - 1).trim();
        }
        int at = s.indexOf('@');
        if (s.isEmpty() || s.length() > 320 || at <= 0 || at > 64 || at != s.lastIndexOf('@') || at == s.length() - 1
                || s.chars().anyMatch(c -> Character.isWhitespace(c) || c == '<' || c == '>')) {
            return Optional.empty();
        }
        return Optional.of(s);
    }
}
