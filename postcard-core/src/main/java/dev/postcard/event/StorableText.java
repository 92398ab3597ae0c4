package dev.postcard.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Text and numbers that can be stored as they arrived. JSON escapes can spell what the databases do not keep:
 * the NUL character U+0000 (which PostgreSQL text refuses), unpaired UTF-16 surrogates such as U+D800 (which
 * have no UTF-8 form and would be stored as {@code ?}) and numbers too large for a double (stored as
 * {@code "Infinity"}). They are refused at the door, naming where they are, rather than failing or changing
 * on the way into the log.
 */
public final class StorableText {
    private StorableText() {
    }

    /**
     * Refuses bytes that are not well-formed UTF-8 (RFC 3629), naming {@code field}. JSON parsers read some
     * malformed forms leniently: the overlong {@code C0 AF} becomes {@code /}, so what is stored would not be
     * what was sent, and a check of the bytes (a path, an id) could be passed by another spelling of a character.
     * The JDK's decoder refuses overlong forms, surrogates and truncated sequences.
     */
    public static void requireUtf8(String field, byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(field, (field.isEmpty() ? "the body" : field)
                    + " is not well-formed UTF-8");
        }
    }

    /** Checks every string, field name and number in the document. */
    public static void check(JsonNode node) {
        check(node, "");
    }

    /** Checks one text value from a query parameter or path, named {@code name} in the error. */
    public static void check(String name, String value) {
        String problem = problem(value);
        if (problem != null) {
            throw new InvalidInputException(name, name + " " + problem);
        }
    }

    /** Whether every string, field name and number of the document can be stored. */
    public static boolean isStorable(JsonNode node) {
        try {
            check(node, "");
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    public static boolean isStorable(String value) {
        return problem(value) == null;
    }

    private static void check(JsonNode node, String path) {
        if (node.isTextual()) {
            check(path.isEmpty() ? "body" : path, node.textValue());
        } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            throw new InvalidInputException(path, (path.isEmpty() ? "the body" : path) + " is a number out of range");
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (!isStorable(field.getKey())) {
                    throw new InvalidInputException(path, "a field name in " + (path.isEmpty() ? "the body" : path)
                            + " " + problem(field.getKey()));
                }
                check(field.getValue(), fieldPath);
            }
        }
    }

    private static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain the NUL character (\\u0000)";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must not contain an unpaired UTF-16 surrogate (" + String.format("\\u%04X", (int) c) + ")";
            }
        }
        return null;
    }
}
