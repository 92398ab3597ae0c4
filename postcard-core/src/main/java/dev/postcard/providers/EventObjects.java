package dev.postcard.providers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bodies that are one event object or an array of them, each naming its kind in an {@code event} field
 * (Mailjet, Brevo). Each item is parsed on its own: one that breaks a rule fails alone.
 */
public final class EventObjects {
    /** Parses one event object whose {@code event} field is {@code event} (trimmed, lower case). */
    @FunctionalInterface
    public interface ItemParser {
        ParsedItem parse(int index, JsonNode item, String event);
    }

    private EventObjects() {
    }

    /** @throws InvalidInputException on field {@code body} when the body is neither an object nor an array */
    public static List<ParsedItem> parse(WebhookRequest request, String provider, ItemParser parser) {
        JsonNode body = ProviderJson.readBody(request);
        if (body.isObject()) {
            return List.of(item(0, body, parser));
        }
        if (!body.isArray()) {
            throw new InvalidInputException("body", "a " + provider + " webhook body is an event object or an array of them");
        }
        List<ParsedItem> out = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            out.add(item(i, body.get(i), parser));
        }
        return out;
    }

    private static ParsedItem item(int index, JsonNode e, ItemParser parser) {
        if (!e.isObject()) {
            return new ParsedItem.Failed(index, "", "an event must be an object");
        }
        JsonNode eventNode = e.get("event");
        if (eventNode == null || !eventNode.isTextual() || eventNode.asText().isBlank()) {
            return new ParsedItem.Failed(index, "event", "event must be a non-empty string");
        }
        try {
            return parser.parse(index, e, eventNode.asText().trim().toLowerCase(Locale.ROOT));
        } catch (InvalidInputException x) {
            return new ParsedItem.Failed(index, x.field(), x.getMessage());
        }
    }
}
