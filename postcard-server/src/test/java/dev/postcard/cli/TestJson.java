package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.event.EventCodec;
import java.io.IOException;

/** Parses what a command printed with {@code --json}. */
final class TestJson {
    private TestJson() {
    }

    static JsonNode parse(String text) {
        try {
            return EventCodec.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
