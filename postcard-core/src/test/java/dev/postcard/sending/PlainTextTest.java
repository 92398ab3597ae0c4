package dev.postcard.sending;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {

    @Test
    void paragraphsAreSeparatedByABlankLineAndBreaksStartALine() {
        assertThat(PlainText.fromHtml("<p>Hello Ada,</p><p>Your order<br>has shipped.</p>"))
                .isEqualTo("Hello Ada,\n\nYour order\nhas shipped.");
    }

    @Test
    void linksShowTheirAddressAfterTheirText() {
        assertThat(PlainText.fromHtml("<p>See <a href=\"https://example.com/orders/7\">your order</a> today.</p>"))
                .isEqualTo("See your order (https://example.com/orders/7) today.");
    }

    @Test
    void aLinkWhoseTextIsItsAddressIsShownOnce() {
        assertThat(PlainText.fromHtml("<a href=\"https://example.com\">https://example.com</a>"))
                .isEqualTo("https://example.com");
        assertThat(PlainText.fromHtml("<a href=\"https://example.com/x\"></a>")).isEqualTo("https://example.com/x");
    }

    @Test
    void mailtoLinksShowTheAddressAndAnchorsOnlyTheirText() {
        assertThat(PlainText.fromHtml("<a href=\"mailto:help@example.com?subject=Hi\">Write to us</a>"))
                .isEqualTo("Write to us (help@example.com)");
        assertThat(PlainText.fromHtml("<a href=\"mailto:help@example.com\">help@example.com</a>"))
                .isEqualTo("help@example.com");
        assertThat(PlainText.fromHtml("<a href=\"#top\">Back to top</a> <a href=\"javascript:void(0)\">x</a>"))
                .isEqualTo("Back to top x");
    }

    @Test
    void anImageLinkUsesTheImagesAltText() {
        assertThat(PlainText.fromHtml("<a href=\"https://example.com\"><img src=\"logo.png\" alt=\"Example\"></a>"))
                .isEqualTo("Example (https://example.com)");
    }

    @Test
    void theOpenPixelAndImagesWithoutAltTextLeaveNothing() {
        String html = "<html><body><p>Hi <img src=\"photo.jpg\" alt=\"a photo\"></p>"
                + "<img src=\"https://t.example.com/o/abc\" width=\"1\" height=\"1\" alt=\"\" border=\"0\">"
                + "<img src=\"spacer.gif\"></body></html>";
        assertThat(PlainText.fromHtml(html)).isEqualTo("Hi a photo");
    }

    @Test
    void listItemsGetADashOrANumberAndNestedListsAreIndented() {
        String html = "<p>Items:</p><ul><li>Tea</li><li>Milk<ul><li>oat</li><li>whole</li></ul></li></ul>"
                + "<ol><li>first</li><li>second</li></ol><p>Done.</p>";
        assertThat(PlainText.fromHtml(html)).isEqualTo("""
                Items:

                - Tea
                - Milk
                  - oat
                  - whole

                1. first
                2. second

                Done.""");
    }

    @Test
    void entitiesAreDecodedAndNoTagRemains() {
        assertThat(PlainText.fromHtml("<p>Fish &amp; chips &lt;3 &eacute;t&eacute;&nbsp;2026 &#x2713;</p>"))
                .isEqualTo("Fish & chips <3 été 2026 ✓");
    }

    @Test
    void whiteSpaceCollapsesExceptInPre() {
        assertThat(PlainText.fromHtml("<div>  lots\n\n   of    space  </div><pre>keep\n  this</pre>"))
                .isEqualTo("lots of space\n\nkeep\n  this");
    }

    @Test
    void stylesScriptsAndTheHeadAreLeftOut() {
        String html = "<html><head><title>Newsletter</title><style>p{color:red}</style></head>"
                + "<body><script>alert(1)</script><p>Body</p></body></html>";
        assertThat(PlainText.fromHtml(html)).isEqualTo("Body");
    }

    @Test
    void tableRowsBecomeLinesAndCellsAreSeparatedBySpaces() {
        String html = "<table><tr><td>Total</td><td>12 €</td></tr><tr><td>Tax</td><td>2 €</td></tr></table>";
        assertThat(PlainText.fromHtml(html)).isEqualTo("Total 12 €\nTax 2 €");
    }

    @Test
    void longLinesAreNotWrapped() {
        String sentence = "word ".repeat(300).strip();
        assertThat(PlainText.fromHtml("<p>" + sentence + "</p>")).isEqualTo(sentence);
    }

    @Test
    void headingsAndDivsAreBlocks() {
        assertThat(PlainText.fromHtml("<h1>Welcome</h1><div>one</div><div>two</div><span>three</span> four"))
                .isEqualTo("Welcome\n\none\ntwo\nthree four");
    }

    @Test
    void emptyHtmlGivesEmptyText() {
        assertThat(PlainText.fromHtml("")).isEmpty();
        assertThat(PlainText.fromHtml("<p> </p><br>")).isEmpty();
    }
}
