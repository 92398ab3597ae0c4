package dev.postcard.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An email registered through {@code POST /v1/tracking/instrument}, with the tracking links Postcard put in
 * its HTML and headers, read back as a mail client would (attribute values un-escaped).
 */
record InstrumentedEmail(String emailId, String html, String openLink, List<String> clickLinks,
                         String unsubscribeLink) {
    private static final Pattern OPEN = Pattern.compile("src=\"([^\"]*/track/open/[^\"]*)\"");
    private static final Pattern CLICK = Pattern.compile("href=\"([^\"]*/track/click/[^\"]*)\"");
    private static final Pattern UNSUBSCRIBE_HEADER = Pattern.compile("<([^>]*/track/unsubscribe/[^>]*)>");

    /** Links to these pages are rewritten to click links, in this order. */
    static final String HTML = "<html><body><p>Hello <a href=\"https://shop.example/sale?id=7&amp;ref=mail\">sale</a>"
            + " <a href=\"https://shop.example/a%20b/%2F?q=x%26y&amp;plus=1+2\">encoded</a>"
            + " <a href=\"https://bücher.example/straße?q=café\">unicode</a>"
            + " <a href=\"https://shop.example/find?q=a b|{c}\">sloppy</a></p>"
            + "<p><a href=\"{{unsubscribe_url}}\">Unsubscribe</a></p></body></html>";
    static final List<String> TARGETS = List.of(
            "https://shop.example/sale?id=7&ref=mail",
            "https://shop.example/a%20b/%2F?q=x%26y&plus=1+2",
            "https://bücher.example/straße?q=café",
            "https://shop.example/find?q=a b|{c}");
    /** Where the click links redirect: {@link #TARGETS} as the ASCII URIs a browser requests for them. */
    static final List<String> LOCATIONS = List.of(
            "https://shop.example/sale?id=7&ref=mail",
            "https://shop.example/a%20b/%2F?q=x%26y&plus=1+2",
            "https://xn--bcher-kva.example/stra%C3%9Fe?q=caf%C3%A9",
            "https://shop.example/find?q=a%20b%7C%7Bc%7D");

    static InstrumentedEmail create(TestServer server, String key, String body) {
        HttpResponse<String> response = server.post("/v1/tracking/instrument", key, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode json = TestServer.json(response);
        String html = json.get("html").asText();
        List<String> clicks = new ArrayList<>();
        Matcher click = CLICK.matcher(html);
        while (click.find()) {
            clicks.add(unescape(click.group(1)));
        }
        Matcher open = OPEN.matcher(html);
        assertThat(open.find()).as("open pixel in " + html).isTrue();
        Matcher unsubscribe = UNSUBSCRIBE_HEADER.matcher(json.get("headers").get("List-Unsubscribe").asText());
        assertThat(unsubscribe.find()).as("List-Unsubscribe in " + json).isTrue();
        return new InstrumentedEmail(json.get("email_id").asText(), html, unescape(open.group(1)), clicks,
                unsubscribe.group(1));
    }

    /** The standard test email to {@code to}, with {@link #HTML}. */
    static InstrumentedEmail create(TestServer server, String key, String to, String subject) {
        return create(server, key, "{\"to\": \"" + to + "\", \"from\": \"news@shop.example\", \"subject\": \""
                + subject + "\", \"tags\": [\"welcome\"], \"metadata\": {\"user_id\": \"42\"}, \"html\": "
                + TestServer.quote(HTML) + "}");
    }

    /** The last segment of the tracking links' paths: the tenant and the email id (see {@code LinkId}). */
    String linkId() {
        return openLink.substring(openLink.lastIndexOf('/') + 1);
    }

    /** The {@code url} parameter of a click link, as the server will read it. */
    static String targetOf(String clickLink) {
        return queryParameter(clickLink, "url");
    }

    static String sigOf(String link) {
        return queryParameter(link, "sig");
    }

    /** {@code {public}/track/click/{link id}?url=U&sig=S} with each part percent-encoded (RFC 3986, no '+'). */
    static String clickLink(String linkId, String url, String sig) {
        return TestServer.PUBLIC_URL + "/track/click/" + encode(linkId) + "?url=" + encode(url) + "&sig=" + encode(sig);
    }

    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private static String queryParameter(String link, String name) {
        String query = URI.create(link).getRawQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + link);
    }

    private static String unescape(String attribute) {
        return attribute.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
