package dev.postcard.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The part of a receiver's response a webhook attempt keeps.
 *
 * @param headers each header by lower-case name, its first value
 * @param excerpt the first bytes of the body, at most {@value WebhookSender#EXCERPT_LIMIT}
 */
record ReceivedResponse(int status, Map<String, String> headers, byte[] excerpt) {
    ReceivedResponse {
        headers = Map.copyOf(headers);
        excerpt = excerpt.clone();
    }

    Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }

    /**
     * The excerpt as UTF-8 text. A character cut in two at the end of the excerpt is left out, so the text
     * never takes more bytes than the excerpt; other malformed bytes become U+FFFD.
     */
    String excerptText() {
        return new String(excerpt, 0, completeLength(excerpt), StandardCharsets.UTF_8);
    }

    /** The length without a trailing incomplete UTF-8 sequence. */
    private static int completeLength(byte[] bytes) {
        for (int back = 1; back <= Math.min(3, bytes.length); back++) {
            int b = bytes[bytes.length - back] & 0xFF;
            if (b < 0x80) {
                return bytes.length; // ASCII: nothing open
            }
            if (b >= 0xC0) { // a lead byte: does its sequence fit?
                int size = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return size > back ? bytes.length - back : bytes.length;
            }
        }
        return bytes.length;
    }
}
