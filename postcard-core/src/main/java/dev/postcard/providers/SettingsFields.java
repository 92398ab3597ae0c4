package dev.postcard.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/** Small checks for source settings; every error names the field. */
public final class SettingsFields {
    private SettingsFields() {
    }

    /** Refuses any field not in {@code allowed}. */
    public static void onlyKnown(ObjectNode given, Set<String> allowed, String provider) {
        for (Iterator<String> it = given.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new InvalidInputException(name, "unknown setting '" + name + "' for provider " + provider
                        + "; known: " + allowed.stream().sorted().toList());
            }
        }
    }

    public static Optional<String> optionalText(ObjectNode node, String field, int maxLength) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidInputException(field, field + " must be a non-empty string");
        }
        if (value.asText().length() > maxLength) {
            throw new InvalidInputException(field, field + " is longer than " + maxLength + " characters");
        }
        return Optional.of(value.asText());
    }

    public static String requiredText(ObjectNode node, String field, int maxLength) {
        return optionalText(node, field, maxLength)
                .orElseThrow(() -> new InvalidInputException(field, field + " is required"));
    }

    public static Optional<Boolean> optionalBoolean(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw new InvalidInputException(field, field + " must be true or false");
        }
        return Optional.of(value.booleanValue());
    }
}
