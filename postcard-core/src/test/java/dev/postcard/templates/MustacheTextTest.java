package dev.postcard.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.UnprocessableException;
import dev.postcard.tracking.Tracking;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How one part of a template renders: escaping by part, strict variables, the unsubscribe placeholder. */
class MustacheTextTest {
    private static final Map<String, Object> VARIABLES = Map.of("name", "Ada <Lovelace> & \"Co\"", "vip", false,
            "items", List.of(), "user", Map.of("city", "Zürich"), "orders", List.of(Map.of("n", 1), Map.of("n", 2)));

    private static String render(MustacheText.Part part, String source) {
        return MustacheText.render(part, source, VARIABLES);
    }

    private static void assertMissing(MustacheText.Part part, String source, String field) {
        assertThatThrownBy(() -> render(part, source))
                .isInstanceOfSatisfying(UnprocessableException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void htmlEscapesDoubleBracesAndLeavesTripleBracesRaw() {
        assertThat(render(MustacheText.Part.HTML, "<p>{{name}}</p>"))
                .isEqualTo("<p>Ada &lt;Lovelace&gt; &amp; &quot;Co&quot;</p>");
        assertThat(render(MustacheText.Part.HTML, "<p>{{{name}}}|{{&name}}</p>"))
                .isEqualTo("<p>Ada <Lovelace> & \"Co\"|Ada <Lovelace> & \"Co\"</p>");
    }

    @Test
    void subjectAndTextAreNeverHtmlEscaped() {
        assertThat(render(MustacheText.Part.SUBJECT, "Hi {{name}}")).isEqualTo("Hi Ada <Lovelace> & \"Co\"");
        assertThat(render(MustacheText.Part.TEXT, "Hi {{name}}, from {{user.city}}"))
                .isEqualTo("Hi Ada <Lovelace> & \"Co\", from Zürich");
    }

    @Test
    void aMissingVariableIsNamedNeverRenderedEmpty() {
        assertMissing(MustacheText.Part.HTML, "<p>Dear {{first_name}},</p>", "variables.first_name");
        assertMissing(MustacheText.Part.SUBJECT, "{{greeting}}", "variables.greeting");
        assertMissing(MustacheText.Part.TEXT, "{{user.zip}}", "variables.user.zip");
        assertThatThrownBy(() -> render(MustacheText.Part.TEXT, "one\ntwo {{coupon}}"))
                .hasMessageContaining("text").hasMessageContaining("{{coupon}}").hasMessageContaining("line 2");
    }

    @Test
    void aVariableGivenAsNullIsMissing() {
        java.util.HashMap<String, Object> withNull = new java.util.HashMap<>();
        withNull.put("name", null);
        assertThatThrownBy(() -> MustacheText.render(MustacheText.Part.TEXT, "Hi {{name}}", withNull))
                .isInstanceOfSatisfying(UnprocessableException.class,
                        e -> assertThat(e.field()).isEqualTo("variables.name"));
        assertThat(MustacheText.render(MustacheText.Part.TEXT, "{{#name}}x{{/name}}{{^name}}none{{/name}}", withNull))
                .as("null is a false section").isEqualTo("none");
    }

    @Test
    void aSectionOverAMissingNameIsMissingButFalseAndEmptyAreLegitimate() {
        assertMissing(MustacheText.Part.HTML, "{{#premium}}Thanks!{{/premium}}", "variables.premium");
        assertMissing(MustacheText.Part.HTML, "{{^premium}}Upgrade{{/premium}}", "variables.premium");
        assertThat(render(MustacheText.Part.HTML, "{{#vip}}VIP{{/vip}}{{^vip}}regular{{/vip}}|{{^items}}none{{/items}}"))
                .isEqualTo("regular|none");
        assertThat(render(MustacheText.Part.TEXT, "{{#orders}}#{{n}} {{/orders}}")).isEqualTo("#1 #2 ");
        assertMissing(MustacheText.Part.TEXT, "{{#orders}}{{sku}}{{/orders}}", "variables.sku");
    }

    @Test
    void objectsPrintAsJson() {
        assertThat(render(MustacheText.Part.TEXT, "{{{user}}}")).isEqualTo("{\"city\":\"Zürich\"}");
    }

    @Test
    void theUnsubscribePlaceholderSurvivesRenderingForTheInstrumenter() {
        assertThat(Tracking.UNSUBSCRIBE_PLACEHOLDER).isEqualTo("{{unsubscribe_url}}");
        assertThat(render(MustacheText.Part.HTML, "<a href=\"{{unsubscribe_url}}\">out</a> {{ unsubscribe_url }}"
                + " {{{unsubscribe_url}}} {{UNSUBSCRIBE_URL}}"))
                .isEqualTo("<a href=\"{{unsubscribe_url}}\">out</a> {{unsubscribe_url}} {{unsubscribe_url}}"
                        + " {{unsubscribe_url}}");
        assertThat(render(MustacheText.Part.TEXT, "Leave: {{unsubscribe_url}}")).isEqualTo("Leave: {{unsubscribe_url}}");
        assertThat(MustacheText.render(MustacheText.Part.HTML, "{{unsubscribe_url}}",
                Map.of("unsubscribe_url", "https://evil.example/")))
                .as("the placeholder is Postcard's, not a variable").isEqualTo("{{unsubscribe_url}}");
    }

    @Test
    void aSourceThatDoesNotParseIsRefusedNamingItsPart() {
        for (MustacheText.Part part : MustacheText.Part.values()) {
            assertThatThrownBy(() -> MustacheText.check(part, "{{#open}} never closed"))
                    .isInstanceOfSatisfying(UnprocessableException.class,
                            e -> assertThat(e.field()).isEqualTo(part.field()))
                    .hasMessageContaining("open");
            assertThatThrownBy(() -> MustacheText.check(part, "{{/close}}"))
                    .isInstanceOfSatisfying(UnprocessableException.class,
                            e -> assertThat(e.field()).isEqualTo(part.field()));
        }
    }

    @Test
    void partialsAndParentsAreRefused() {
        assertThatThrownBy(() -> MustacheText.check(MustacheText.Part.HTML, "<p>{{> footer}}</p>"))
                .isInstanceOfSatisfying(UnprocessableException.class, e -> assertThat(e.field()).isEqualTo("html"))
                .hasMessageContaining("footer");
        assertThatThrownBy(() -> MustacheText.check(MustacheText.Part.TEXT, "{{< layout}}{{/layout}}"))
                .isInstanceOfSatisfying(UnprocessableException.class, e -> assertThat(e.field()).isEqualTo("text"));
    }
}
