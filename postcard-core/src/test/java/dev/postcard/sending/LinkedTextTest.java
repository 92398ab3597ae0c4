package dev.postcard.sending;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.tracking.InstrumentPlan;
import dev.postcard.tracking.LinkHole;
import dev.postcard.tracking.Plans;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LinkedTextTest {
    /** Stands in for one copy's signed URLs: what matters is that each hole gets its own, with characters to escape. */
    private static final Function<LinkHole, String> COPY = hole -> switch (hole) {
        case LinkHole.Click click -> "https://t.example/click/msg_1?url=" + click.url().length() + "&sig=a<b>";
        case LinkHole.Open open -> "https://t.example/open/msg_1";
        case LinkHole.Unsubscribe unsubscribe -> "https://t.example/unsubscribe/msg_1?sig=x&y";
    };

    private static final List<String> BODIES = List.of(
            "<p>See <a href=\"https://shop.example/orders/7\">your order</a> today.</p>",
            "<p><a href=\"https://shop.example/x\">https://shop.example/x</a></p><p><a href=\"https://shop.example/y\"></a></p>",
            "<ul><li><a href=\"https://a.example\">One</a></li><li>Two <a href=\"mailto:h@a.example\">mail</a></li></ul>",
            "<p><a href=\"{{unsubscribe_url}}\">{{unsubscribe_url}}</a></p><p>Or {{ unsubscribe_url }} &amp; more</p>",
            "<table><tr><td><a href=\"https://a.example/?q=1&amp;r=2\"><img alt=\"Logo\" src=\"l.png\"></a></td></tr></table>",
            "Just text, no tags, <a href=https://a.example/unquoted>unquoted</a>");

    @Test
    void aTextDerivedOnceIsTheTextOfEachCopysInstrumentedHtml() {
        for (String body : BODIES) {
            InstrumentPlan plan = Plans.plan(body);

            String once = LinkedText.derived(body, plan).orElseThrow().fill(COPY);

            assertThat(once).as(body).isEqualTo(PlainText.fromHtml(plan.render(COPY)));
        }
    }

    @Test
    void anHtmlHoldingTheMarkerCharactersIsDerivedForEachCopy() {
        String body = "<p>odd \uE0000\uE001 text <a href=\"https://a.example\">x</a></p>";

        assertThat(LinkedText.derived(body, Plans.plan(body))).isEmpty();
    }

    @Test
    void aGivenTextGetsTheCopysUnsubscribeUrlUnescapedInEveryPlaceholder() {
        LinkedText text = LinkedText.given("Hi.\nLeave: {{unsubscribe_url}} or %7B%7Bunsubscribe_url%7D%7D {{ UNSUBSCRIBE_URL }}.");

        assertThat(text.fill(COPY)).isEqualTo("Hi.\nLeave: https://t.example/unsubscribe/msg_1?sig=x&y or "
                + "https://t.example/unsubscribe/msg_1?sig=x&y https://t.example/unsubscribe/msg_1?sig=x&y.");
        assertThat(LinkedText.given("no placeholder").fill(COPY)).isEqualTo("no placeholder");
    }
}
