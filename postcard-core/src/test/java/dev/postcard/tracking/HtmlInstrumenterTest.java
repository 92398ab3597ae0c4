package dev.postcard.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class HtmlInstrumenterTest {
    private static final String EMAIL = "msg_01JDQ4YB2C3D4E5F6G7H8J9K0M";

    private final ClickSigner signer = new ClickSigner(SigningKeys.generate());
    private final TrackingLinks links = new TrackingLinks("https://t.example.com/pc", "/api", signer);
    private final HtmlInstrumenter instrumenter = new HtmlInstrumenter(links);

    /** A typical marketing email: XHTML doctype, MSO conditionals, tables, entities, non-ASCII, a pre block. */
    static final String NEWSLETTER = """
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
            <html xmlns="http://www.w3.org/1999/xhtml" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" lang="de">
            <head>
            <meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1.0" />
            <title>Willkommen bei Ünïcödé &amp; Co.</title>
            <!--[if mso]>
            <noscript><xml><o:OfficeDocumentSettings><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml></noscript>
            <![endif]-->
            <style type="text/css">
              body { margin:0; padding:0; }
              a[x-apple-data-detectors] { color: inherit !important; text-decoration: none !important; }
              @media only screen and (max-width: 600px) { .container { width: 100% !important; } }
            </style>
            </head>
            <body style="margin:0;padding:0;background-color:#f4f4f4;">
            <!-- preheader -->
            <div style="display:none;max-height:0;overflow:hidden;">Ihre Bestellung ist unterwegs&nbsp;&zwnj;&nbsp;&zwnj;</div>
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">
              <tr>
                <td align="center">
                  <!--[if mso]><table role="presentation" width="600"><tr><td><![endif]-->
                  <table class="container" width="600" style="max-width:600px;">
                    <tr><td style="font-family:Arial,sans-serif;font-size:16px;">
                      <h1>Hallo Jürgen 👋</h1>
                      <p>Danke f&uuml;r Ihre Bestellung&nbsp;#1234 &mdash; &copy; 2026 Beispiel&nbsp;GmbH</p>
                      <p><a href="https://shop.example.com/orders/1234?utm_source=email&amp;utm_medium=order" style="color:#0066cc;" target="_blank">Bestellung ansehen</a></p>
                      <!--[if mso]>
                      <v:roundrect xmlns:v="urn:schemas-microsoft-com:vml" href="https://shop.example.com/mso-button" style="height:40px;width:200px;" arcsize="10%" fillcolor="#0066cc"><center>Jetzt kaufen</center></v:roundrect>
                      <![endif]-->
                      <!--[if !mso]><!-- -->
                      <a href="https://shop.example.com/buy" class="button">Jetzt kaufen</a>
                      <!--<![endif]-->
                      <pre>  Artikel      Menge
              Tasse          2   </pre>
                      <p>Fragen? <a href="mailto:support@example.com?subject=Bestellung%201234">support@example.com</a> oder <a href="tel:+49301234567">+49 30 1234567</a> oder <a href="sms:+49301234567">SMS</a>.</p>
                      <p><a href="#top">Nach oben</a> · <a href="/relative/path">relativ</a> · <a href="https://cdn.example.net/docs/agb.pdf">AGB</a></p>
                      <p><a href="https://partner.example.org/" data-postcard-notrack>Partner</a></p>
                      <p style="font-size:12px;color:#999;">Abmelden: <a href="{{unsubscribe_url}}">hier klicken</a> oder {{unsubscribe_url}}</p>
                    </td></tr>
                  </table>
                  <!--[if mso]></td></tr></table><![endif]-->
                </td>
              </tr>
            </table>
            <img src="https://shop.example.com/logo.png" alt="Logo" width="120" height="40">
            </body>
            </html>
            """;

    private InstrumentOptions newsletterOptions() {
        return InstrumentOptions.defaults().withExcludedDomains(Set.of("example.net"));
    }

    @Test
    void onlyTheIntendedChangesAreMadeToAFullEmail() {
        InstrumentedHtml result = instrumenter.instrument(NEWSLETTER, EMAIL, newsletterOptions());

        String orders = "https://shop.example.com/orders/1234?utm_source=email&utm_medium=order";
        String buy = "https://shop.example.com/buy";
        assertThat(result.rewrittenUrls()).containsExactly(orders, buy);

        String unsubscribe = links.unsubscribeUrl(EMAIL);
        String expected = NEWSLETTER
                .replace("href=\"https://shop.example.com/orders/1234?utm_source=email&amp;utm_medium=order\"",
                        "href=\"" + attr(links.clickUrl(EMAIL, orders)) + "\"")
                .replace("<a href=\"https://shop.example.com/buy\"", "<a href=\"" + attr(links.clickUrl(EMAIL, buy)) + "\"")
                .replace(" data-postcard-notrack>", ">")
                .replace("{{unsubscribe_url}}", attr(unsubscribe))
                .replace("</body>", pixel() + "</body>");
        assertThat(result.html()).isEqualTo(expected);
    }

    @Test
    void documentStructureEntitiesCommentsAndTextSurviveVerbatim() {
        String html = instrumenter.instrument(NEWSLETTER, EMAIL, newsletterOptions()).html();

        assertThat(html).startsWith("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"")
                .contains("<title>Willkommen bei Ünïcödé &amp; Co.</title>")
                .contains("<!--[if mso]>\n<noscript><xml><o:OfficeDocumentSettings>")
                .contains("<!--[if mso]><table role=\"presentation\" width=\"600\"><tr><td><![endif]-->")
                .contains("href=\"https://shop.example.com/mso-button\"")
                .contains("<!--[if !mso]><!-- -->")
                .contains("<!--<![endif]-->")
                .contains("a[x-apple-data-detectors] { color: inherit !important; text-decoration: none !important; }")
                .contains("Ihre Bestellung ist unterwegs&nbsp;&zwnj;&nbsp;&zwnj;")
                .contains("<p>Danke f&uuml;r Ihre Bestellung&nbsp;#1234 &mdash; &copy; 2026 Beispiel&nbsp;GmbH</p>")
                .contains("<h1>Hallo Jürgen 👋</h1>")
                .contains("<pre>  Artikel      Menge\n  Tasse          2   </pre>")
                .contains("<body style=\"margin:0;padding:0;background-color:#f4f4f4;\">")
                .contains("style=\"color:#0066cc;\" target=\"_blank\">Bestellung ansehen</a>")
                .contains("<img src=\"https://shop.example.com/logo.png\" alt=\"Logo\" width=\"120\" height=\"40\">")
                .endsWith("</body>\n</html>\n");
    }

    @Test
    void linksThatAreNotOursToTrackAreUntouched() {
        String html = instrumenter.instrument(NEWSLETTER, EMAIL, newsletterOptions()).html();

        assertThat(html).contains("<a href=\"mailto:support@example.com?subject=Bestellung%201234\">")
                .contains("<a href=\"tel:+49301234567\">")
                .contains("<a href=\"sms:+49301234567\">")
                .contains("<a href=\"#top\">")
                .contains("<a href=\"/relative/path\">")
                .contains("<a href=\"https://cdn.example.net/docs/agb.pdf\">")
                .contains("<a href=\"https://partner.example.org/\">Partner</a>")
                .doesNotContain("data-postcard-notrack");
    }

    @Test
    void rewrittenLinksCarryTheOriginalUrlDecodedOnceAndAValidSignature() {
        String html = instrumenter.instrument(NEWSLETTER, EMAIL, newsletterOptions()).html();
        Document parsed = Jsoup.parse(html);

        List<String> clickHrefs = parsed.select("a[href*=/track/click/]").eachAttr("href");
        assertThat(clickHrefs).hasSize(2);
        URI first = URI.create(clickHrefs.get(0));
        assertThat(first.getRawPath()).isEqualTo("/pc/api/track/click/" + EMAIL);
        String url = param(first, "url");
        assertThat(url).isEqualTo("https://shop.example.com/orders/1234?utm_source=email&utm_medium=order");
        assertThat(signer.verifyClick(EMAIL, url, param(first, "sig"))).isTrue();
        assertThat(html).contains("&amp;sig=");
    }

    @Test
    void pixelGoesRightBeforeTheBodyEndTag() {
        String html = instrumenter.instrument(NEWSLETTER, EMAIL, newsletterOptions()).html();

        assertThat(html).contains("height=\"40\">\n" + pixel() + "</body>");
        assertThat(Jsoup.parse(html).body().children().last().attr("src")).isEqualTo(links.openUrl(EMAIL));
    }

    @Test
    void unsubscribePlaceholderIsReplacedInHrefAndText() {
        String html = instrumenter.instrument(NEWSLETTER, EMAIL, newsletterOptions()).html();
        String unsubscribe = links.unsubscribeUrl(EMAIL);

        assertThat(html).doesNotContain("{{unsubscribe_url}}")
                .contains("<a href=\"" + unsubscribe + "\">hier klicken</a> oder " + unsubscribe + "</p>");
        String sig = param(URI.create(unsubscribe), "sig");
        assertThat(signer.verifyUnsubscribe(EMAIL, sig)).isTrue();
    }

    @Test
    void placeholderVariantsAreRecognisedAndNeverClickTracked() {
        String html = "<p><a href=\"%7B%7Bunsubscribe_url%7D%7D\">a</a> <a href='{{ unsubscribe_url }}'>b</a></p>";

        InstrumentedHtml result = instrumenter.instrument(html, EMAIL, InstrumentOptions.defaults().withTrackOpens(false));

        String unsubscribe = links.unsubscribeUrl(EMAIL);
        assertThat(result.html()).isEqualTo("<p><a href=\"" + unsubscribe + "\">a</a> <a href='" + unsubscribe + "'>b</a></p>");
        assertThat(result.rewrittenUrls()).isEmpty();
    }

    @Test
    void listUnsubscribeHeadersForOneClick() {
        InstrumentedHtml result = instrumenter.instrument("<p>hi</p>", EMAIL, InstrumentOptions.defaults());

        assertThat(result.headers()).containsExactly(
                java.util.Map.entry("List-Unsubscribe", "<" + links.unsubscribeUrl(EMAIL) + ">"),
                java.util.Map.entry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
    }

    @Test
    void listUnsubscribeOffersTheMailtoFirstWhenGiven() {
        InstrumentedHtml result = instrumenter.instrument("<p>hi</p>", EMAIL,
                InstrumentOptions.defaults().withUnsubscribeMailto("unsubscribe@example.com"));

        assertThat(result.headers().get("List-Unsubscribe"))
                .isEqualTo("<mailto:unsubscribe@example.com>, <" + links.unsubscribeUrl(EMAIL) + ">");
    }

    @Test
    void fragmentStaysAFragmentWithThePixelAtTheEnd() {
        String fragment = "<p>Hello <b>Ann</b>, see <a href=\"https://a.example/x?y=1&amp;z=2\">this</a>.</p>\n";

        InstrumentedHtml result = instrumenter.instrument(fragment, EMAIL, InstrumentOptions.defaults());

        assertThat(result.html()).isEqualTo("<p>Hello <b>Ann</b>, see <a href=\""
                + attr(links.clickUrl(EMAIL, "https://a.example/x?y=1&z=2")) + "\">this</a>.</p>\n" + pixel());
        assertThat(result.html()).doesNotContain("<html", "<body", "<head");
    }

    @Test
    void tableRowFragmentKeepsItsTags() {
        // Parsed as a document, <tr> outside a table is dropped; the output must still have it.
        String fragment = "<tr><td><a href=\"https://a.example/\">a</a></td></tr>";

        String html = instrumenter.instrument(fragment, EMAIL, InstrumentOptions.defaults().withTrackOpens(false)).html();

        assertThat(html).isEqualTo("<tr><td><a href=\"" + attr(links.clickUrl(EMAIL, "https://a.example/")) + "\">a</a></td></tr>");
    }

    @Test
    void pixelGoesBeforeHtmlEndWhenBodyIsNotClosed() {
        String html = "<html><body><p>x</p></html>";

        String out = instrumenter.instrument(html, EMAIL, InstrumentOptions.defaults()).html();

        assertThat(out).isEqualTo("<html><body><p>x</p>" + pixel() + "</html>");
    }

    @Test
    void uppercaseTagsUnquotedValuesAreaLinksAndCrLfAreHandled() {
        String html = "<HTML>\r\n<BODY>\r\n<A HREF=https://a.example/x>a</A>\r\n"
                + "<map name=m><area shape=rect coords=\"0,0,1,1\" href='https://b.example/'></map>\r\n</BODY>\r\n</HTML>";

        InstrumentedHtml result = instrumenter.instrument(html, EMAIL, InstrumentOptions.defaults());

        assertThat(result.rewrittenUrls()).containsExactly("https://a.example/x", "https://b.example/");
        assertThat(result.html()).isEqualTo("<HTML>\r\n<BODY>\r\n<A HREF=\"" + attr(links.clickUrl(EMAIL, "https://a.example/x"))
                + "\">a</A>\r\n<map name=m><area shape=rect coords=\"0,0,1,1\" href='"
                + attr(links.clickUrl(EMAIL, "https://b.example/")) + "'></map>\r\n" + pixel() + "</BODY>\r\n</HTML>");
    }

    @Test
    void notrackMarkerIsRemovedInEveryForm() {
        String html = "<a data-postcard-notrack href=\"https://a.example/\">a</a>"
                + "<a href=\"https://b.example/\" data-postcard-notrack=\"\" class=\"x\">b</a>"
                + "<a href=\"https://c.example/\"\n   DATA-POSTCARD-NOTRACK='yes'>c</a>"
                + "<a href=\"https://d.example/\" data-postcard-notrack=true>d</a>";

        InstrumentedHtml result = instrumenter.instrument(html, EMAIL, InstrumentOptions.defaults().withTrackOpens(false));

        assertThat(result.html()).isEqualTo("<a href=\"https://a.example/\">a</a>"
                + "<a href=\"https://b.example/\" class=\"x\">b</a>"
                + "<a href=\"https://c.example/\">c</a>"
                + "<a href=\"https://d.example/\">d</a>");
        assertThat(result.rewrittenUrls()).isEmpty();
    }

    @Test
    void excludedDomainsCoverSubdomainsButNotLookalikes() {
        String html = "<a href=\"https://example.com/\">1</a><a href=\"https://WWW.Example.com/x\">2</a>"
                + "<a href=\"https://notexample.com/\">3</a><a href=\"https://example.com.evil.test/\">4</a>"
                + "<a href=\"https://user@example.com:8443/\">5</a>";

        InstrumentedHtml result = instrumenter.instrument(html, EMAIL,
                InstrumentOptions.defaults().withTrackOpens(false).withExcludedDomains(Set.of("*.Example.com")));

        assertThat(result.rewrittenUrls()).containsExactly("https://notexample.com/", "https://example.com.evil.test/");
    }

    @Test
    void misnestedLinksAreRewrittenOnce() {
        // The parser clones the <a> around the <p>; the source has one href, so one rewrite.
        String html = "<b><a href=\"https://a.example/\"><p>x</a></b>";

        InstrumentedHtml result = instrumenter.instrument(html, EMAIL, InstrumentOptions.defaults().withTrackOpens(false));

        assertThat(result.rewrittenUrls()).containsExactly("https://a.example/");
        assertThat(result.html()).isEqualTo("<b><a href=\"" + attr(links.clickUrl(EMAIL, "https://a.example/")) + "\"><p>x</a></b>");
    }

    @Test
    void linksInsideCommentsTitlesAndTextareasAreNotLinks() {
        String html = "<title><a href=\"https://a.example/\"></title><!-- <a href=\"https://b.example/\"> -->"
                + "<textarea><a href=\"https://c.example/\"></textarea>";

        InstrumentedHtml result = instrumenter.instrument(html, EMAIL, InstrumentOptions.defaults().withTrackOpens(false));

        assertThat(result.rewrittenUrls()).isEmpty();
        assertThat(result.html()).isEqualTo(html);
    }

    @Test
    void trackingCanBeSwitchedOff() {
        String html = "<html><body><a href=\"https://a.example/\" data-postcard-notrack>a</a> <a href=\"https://b.example/\">b</a>"
                + " {{unsubscribe_url}}</body></html>";

        InstrumentedHtml result = instrumenter.instrument(html, EMAIL,
                InstrumentOptions.defaults().withTrackOpens(false).withTrackClicks(false));

        assertThat(result.rewrittenUrls()).isEmpty();
        assertThat(result.html()).isEqualTo("<html><body><a href=\"https://a.example/\">a</a> <a href=\"https://b.example/\">b</a> "
                + links.unsubscribeUrl(EMAIL) + "</body></html>");
    }

    @Test
    void instrumentingTwiceChangesNothingMore() {
        // (A data-postcard-notrack marker is consumed by the first pass, so such links are left out here.)
        String html = NEWSLETTER.replace(" data-postcard-notrack", "").replace("https://partner.example.org/", "#partner");
        InstrumentedHtml once = instrumenter.instrument(html, EMAIL, newsletterOptions());

        InstrumentedHtml twice = instrumenter.instrument(once.html(), EMAIL, newsletterOptions());

        assertThat(twice.html()).isEqualTo(once.html());
        assertThat(twice.rewrittenUrls()).isEmpty();
    }

    private String pixel() {
        return "<img src=\"" + attr(links.openUrl(EMAIL)) + "\" width=\"1\" height=\"1\" alt=\"\" border=\"0\""
                + " style=\"display:block;width:1px;height:1px;border:0;margin:0;padding:0\" />";
    }

    private static String attr(String url) {
        return url.replace("&", "&amp;");
    }

    private static String param(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + uri);
    }
}
