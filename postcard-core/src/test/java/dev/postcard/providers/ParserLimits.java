package dev.postcard.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The lengths the built-in parsers clip provider text to, so no webhook can store more: text fields 2,000
 * characters (a link 8,192, or it is left out), ids 128, tags 256, metadata keys 256 and values 2,048
 * ({@link ProviderJson#metadata}).
 */
public final class ParserLimits {
    public static final int TEXT = 2000;
    public static final int URL = 8192;
    public static final int ID = 128;
    public static final int TAG = 256;
    public static final int METADATA_KEY = 256;
    public static final int METADATA_VALUE = 2048;

    private ParserLimits() {
    }

    /** Every text of the event is within its limit; {@code what} names the input in the failure message. */
    public static void assertWithinLimits(String what, ProviderEvent e) {
        assertThat(e.providerEventId()).as("%s: provider event id", what).hasSizeLessThanOrEqualTo(ID);
        e.providerMessageId().ifPresent(id -> assertThat(id).as("%s: provider message id", what)
                .hasSizeLessThanOrEqualTo(TEXT));
        e.emailId().ifPresent(id -> assertThat(id).as("%s: email id", what).hasSizeLessThanOrEqualTo(ID));
        assertThat(e.tags()).as("%s: tags", what).allSatisfy(tag -> assertThat(tag).hasSizeLessThanOrEqualTo(TAG));
        e.metadata().properties().forEach(m -> {
            assertThat(m.getKey()).as("%s: metadata key", what).hasSizeLessThanOrEqualTo(METADATA_KEY);
            assertThat(m.getValue().asText()).as("%s: metadata %s", what, m.getKey())
                    .hasSizeLessThanOrEqualTo(METADATA_VALUE);
        });
        assertTextWithin(what, "", e.fields());
    }

    private static void assertTextWithin(String what, String path, JsonNode node) {
        if (node.isTextual()) {
            assertThat(node.asText()).as("%s: field %s", what, path)
                    .hasSizeLessThanOrEqualTo(path.equals("url") ? URL : TEXT);
        }
        node.properties().forEach(f -> assertTextWithin(what, path.isEmpty() ? f.getKey() : path + "." + f.getKey(),
                f.getValue()));
    }
}
