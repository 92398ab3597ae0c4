package dev.postcard.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.InvalidInputException;
import java.util.Optional;
import java.util.Set;

/** Field access on request bodies with errors that name the field. */
final class JsonFields {
    private JsonFields() {
    }

    /** Refuses fields the route does not know, so a misspelt one is reported rather than ignored. */
    static void onlyKnown(JsonNode body, Set<String> known) {
        body.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw new InvalidInputException(name, "unknown field '" + name + "'; expected one of "
                        + known.stream().sorted().toList());
            }
        });
    }

    static String requiredText(JsonNode body, String field) {
        return optionalText(body, field)
                .orElseThrow(() -> new InvalidInputException(field, field + " is required"));
    }

    static Optional<String> optionalText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new InvalidInputException(field, field + " must be a string");
        }
        return Optional.of(value.asText());
    }

    static Optional<Boolean> optionalBoolean(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw new InvalidInputException(field, field + " must be true or false");
        }
        return Optional.of(value.asBoolean());
    }
}
