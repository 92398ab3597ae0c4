package dev.postcard.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstrumentPlanTest {
    private final ClickSigner signer = new ClickSigner(SigningKeys.generate());
    private final TrackingLinks links = new TrackingLinks("https://t.example.com", "", signer);
    private final HtmlInstrumenter instrumenter = new HtmlInstrumenter(links);

    private static final String HTML = """
            <html><body>
            <p><a href="https://shop.example/a?x=1&amp;y=2">A</a> <a href=https://shop.example/b>B</a>
            <a href="https://shop.example/a?x=1&amp;y=2">A again</a> <a href="mailto:help@shop.example">help</a></p>
            <p><a href="{{unsubscribe_url}}">Unsubscribe</a> or visit {{ unsubscribe_url }}</p>
            </body></html>""";

    @Test
    void oneParseServesEveryCopyEachWithItsOwnSignedLinks() {
        InstrumentPlan plan = instrumenter.plan(HTML, InstrumentOptions.defaults());

        String first = plan.render(instrumenter.linksOf("t1.msg_1"));
        String second = plan.render(instrumenter.linksOf("t1.msg_2"));

        assertThat(first).isEqualTo(instrumenter.instrument(HTML, "t1.msg_1", InstrumentOptions.defaults()).html());
        assertThat(second).isEqualTo(instrumenter.instrument(HTML, "t1.msg_2", InstrumentOptions.defaults()).html());
        assertThat(first).contains(HtmlInstrumenter.escape(links.clickUrl("t1.msg_1", "https://shop.example/a?x=1&y=2")))
                .contains("\"" + HtmlInstrumenter.escape(links.clickUrl("t1.msg_1", "https://shop.example/b")) + "\"")
                .contains(links.openUrl("t1.msg_1"))
                .contains(HtmlInstrumenter.escape(links.unsubscribeUrl("t1.msg_1")))
                .doesNotContain("msg_2").doesNotContain("unsubscribe_url");
        assertThat(second).contains(links.openUrl("t1.msg_2")).doesNotContain("msg_1");
    }

    @Test
    void itListsItsHolesInDocumentOrderEqualHolesAlike() {
        InstrumentPlan plan = instrumenter.plan(HTML, InstrumentOptions.defaults());
        List<LinkHole> asked = new ArrayList<>();

        plan.render(hole -> {
            asked.add(hole);
            return "https://x.example/" + asked.size();
        });

        assertThat(asked).containsExactly(new LinkHole.Click("https://shop.example/a?x=1&y=2"),
                new LinkHole.Click("https://shop.example/b"), new LinkHole.Click("https://shop.example/a?x=1&y=2"),
                new LinkHole.Unsubscribe(), new LinkHole.Unsubscribe(), new LinkHole.Open());
        assertThat(plan.rewrittenUrls()).containsExactly("https://shop.example/a?x=1&y=2", "https://shop.example/b",
                "https://shop.example/a?x=1&y=2");
    }

    @Test
    void anAlreadyInstrumentedCopyGetsNoSecondPixel() {
        String once = instrumenter.instrument(HTML, "t1.msg_1", InstrumentOptions.defaults()).html();

        String twice = instrumenter.plan(once, InstrumentOptions.defaults()).render(instrumenter.linksOf("t1.msg_1"));

        assertThat(twice.split(java.util.regex.Pattern.quote(links.openUrl("t1.msg_1")), -1)).hasSize(2);
    }
}
