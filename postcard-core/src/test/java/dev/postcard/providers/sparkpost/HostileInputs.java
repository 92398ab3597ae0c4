package dev.postcard.providers.sparkpost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.event.EventCodec;
import dev.postcard.providers.EventAssembler;
import dev.postcard.providers.ParsedItem;
import dev.postcard.providers.ProviderEvent;
import dev.postcard.providers.ProviderParser;
import dev.postcard.providers.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Feeds a parser mutated versions of a valid body: every value replaced by every hostile value, every field
 * removed, every prefix of the text. A parser may answer {@link InvalidInputException} or
 * {@link ParsedItem.Failed}; the events it returns are assembled as the intake does, which may refuse one with
 * an {@link InvalidInputException} (that item then fails alone) but never with anything else. Used by the SparkPost, Mailjet and
 * Brevo parser tests.
 */
public final class HostileInputs {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    private HostileInputs() {
    }

    public static List<JsonNode> values() {
        List<JsonNode> out = new ArrayList<>();
        for (String json : List.of("null", "true", "false", "0", "-1", "1.5", "1e308", "-1e308",
                "123456789012345678901234567890", "\"\"", "\" \"", "\"\\u0000\"", "\"\\ud800\"", "\"-1\"",
                "\"1e400\"", "\"NaN\"", "\"9999999999999999999\"", "\"not@an@address\"", "\"javascript:alert(1)\"",
                "[]", "[1,\"a\",null]", "{}", "{\"a\":{\"b\":[1]}}", "\"[\\\"unclosed\"", "\"{\\\"postcard_email_id\\\": 5}\"")) {
            out.add(read(json));
        }
        out.add(EventCodec.MAPPER.getNodeFactory().textNode("x".repeat(20_000)));
        out.add(EventCodec.MAPPER.getNodeFactory().textNode("a".repeat(70) + "@" + "b".repeat(300)));
        ObjectNode wide = EventCodec.MAPPER.createObjectNode();
        for (int i = 0; i < 80; i++) {
            wide.put("k" + i, "v".repeat(3000));
        }
        out.add(wide);
        return out;
    }

    /** Runs every mutation of {@code body}; returns how many bodies were tried. */
    public static int probe(ProviderParser parser, String provider, String body) {
        JsonNode valid = read(body);
        int tried = 0;
        for (JsonNode mutated : mutations(valid)) {
            check(parser, provider, mutated.toString());
            tried++;
        }
        for (int i = 0; i < body.length(); i += Math.max(1, body.length() / 200)) {
            check(parser, provider, body.substring(0, i));
            tried++;
        }
        for (String odd : List.of("", " ", "null", "1", "\"s\"", "true", "[]", "[null]", "[[]]", "{}", "[{}]",
                "[".repeat(100) + "]".repeat(100), "{\"a\":".repeat(100) + "1" + "}".repeat(100), "[1,]", "{\"a\":1}{}",
                "\uFEFF" + body, body + "\n garbage")) {
            check(parser, provider, odd);
            tried++;
        }
        return tried;
    }

    public static void check(ProviderParser parser, String provider, String body) {
        List<ParsedItem> items;
        try {
            items = parser.parse(WebhookRequest.of(Map.of(), body.getBytes(StandardCharsets.UTF_8)));
        } catch (InvalidInputException expected) {
            assertThat(expected.field()).isEqualTo("body");
            return;
        } catch (RuntimeException | StackOverflowError e) {
            fail("parser threw " + e + " for body " + abbreviate(body), e);
            return;
        }
        for (ParsedItem item : items) {
            if (item instanceof ParsedItem.Events events) {
                for (ProviderEvent event : events.events()) {
                    try {
                        EventAssembler.assemble(provider, event, event.emailId(), true, CLOCK.instant());
                    } catch (InvalidInputException unstorable) {
                        // The intake fails this item alone, naming the field: what a hostile value should get.
                    } catch (RuntimeException e) {
                        fail("assembling a " + event.type().wireName() + " event threw " + e + " for body " + abbreviate(body), e);
                    }
                }
            }
        }
    }

    private static List<JsonNode> mutations(JsonNode root) {
        List<JsonNode> out = new ArrayList<>();
        collect(root, root, out);
        return out;
    }

    /** For every container inside {@code node}: each child replaced by each hostile value, and each child removed. */
    private static void collect(JsonNode root, JsonNode node, List<JsonNode> out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode original = node.get(name);
                for (JsonNode value : values()) {
                    ((ObjectNode) node).set(name, value);
                    out.add(root.deepCopy());
                }
                ((ObjectNode) node).remove(name);
                out.add(root.deepCopy());
                ((ObjectNode) node).set(name, original);
                collect(root, original, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode original = node.get(i);
                for (JsonNode value : values()) {
                    ((ArrayNode) node).set(i, value);
                    out.add(root.deepCopy());
                }
                ((ArrayNode) node).set(i, original);
                collect(root, original, out);
            }
        }
    }

    private static JsonNode read(String json) {
        try {
            return EventCodec.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
