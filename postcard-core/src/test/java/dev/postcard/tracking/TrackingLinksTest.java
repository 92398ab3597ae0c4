package dev.postcard.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.InvalidInputException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackingLinksTest {
    private static final String EMAIL = "msg_01JDQ4YB2C3D4E5F6G7H8J9K0M";
    private final ClickSigner signer = new ClickSigner(SigningKeys.generate());

    @Test
    void openUrlUnderPublicUrlAndBasePath() {
        TrackingLinks links = new TrackingLinks("http://localhost:8080", "/api", signer);

        assertThat(links.openUrl(EMAIL)).isEqualTo("http://localhost:8080/api/track/open/" + EMAIL);
    }

    @Test
    void slashesAreNormalisedWhicheverWayTheyAreWritten() {
        String expected = "https://t.example.com/pc/api/track/open/" + EMAIL;

        assertThat(new TrackingLinks("https://t.example.com/pc/", "api/", signer).openUrl(EMAIL)).isEqualTo(expected);
        assertThat(new TrackingLinks("https://t.example.com/pc//", "//api", signer).openUrl(EMAIL)).isEqualTo(expected);
        assertThat(new TrackingLinks("https://t.example.com", "", signer).openUrl(EMAIL))
                .isEqualTo("https://t.example.com/track/open/" + EMAIL);
        assertThat(new TrackingLinks("https://t.example.com/", "/", signer).openUrl(EMAIL))
                .isEqualTo("https://t.example.com/track/open/" + EMAIL);
        assertThat(new TrackingLinks("https://t.example.com", null, signer).trackRoot())
                .isEqualTo("https://t.example.com/track/");
    }

    @Test
    void clickUrlCarriesTheEncodedTargetAndAVerifiableSignature() {
        TrackingLinks links = new TrackingLinks("https://t.example.com", "/api", signer);
        String target = "https://shop.example.com/a b/ü?x=1&y=2+3#frag";

        URI click = URI.create(links.clickUrl(EMAIL, target));
        Map<String, String> query = query(click.getRawQuery());

        assertThat(click.getScheme() + "://" + click.getHost() + click.getRawPath())
                .isEqualTo("https://t.example.com/api/track/click/" + EMAIL);
        assertThat(click.getRawQuery()).startsWith("url=https%3A%2F%2Fshop.example.com%2Fa%20b%2F%C3%BC%3Fx%3D1%26y%3D2%2B3%23frag&sig=");
        assertThat(query.get("url")).isEqualTo(target);
        assertThat(signer.verifyClick(EMAIL, query.get("url"), query.get("sig"))).isTrue();
    }

    @Test
    void unsubscribeUrlIsSigned() {
        TrackingLinks links = new TrackingLinks("http://localhost:8080", "", signer);

        URI unsubscribe = URI.create(links.unsubscribeUrl(EMAIL));

        assertThat(unsubscribe.getRawPath()).isEqualTo("/track/unsubscribe/" + EMAIL);
        assertThat(signer.verifyUnsubscribe(EMAIL, query(unsubscribe.getRawQuery()).get("sig"))).isTrue();
    }

    @Test
    void publicUrlMustBeAnAbsoluteHttpUrl() {
        assertThatThrownBy(() -> new TrackingLinks("localhost:8080", "", signer)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new TrackingLinks("ftp://example.com", "", signer)).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> new TrackingLinks("https://example.com/?a=b", "", signer)).hasMessageContaining("query");
        assertThatThrownBy(() -> new TrackingLinks(" ", "", signer)).hasMessageContaining("required");
    }

    // Decoded the way a server decodes a query string (form rules: '+' would be a space, which is why it is never sent).
    private static Map<String, String> query(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
