package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code GET|POST /track/unsubscribe/{emailId}?sig=S}: a confirmation page, and RFC 8058 one-click. */
class TrackingUnsubscribeTest {

    @EachDatabase
    void unsubscribePageWithValidSignatureShowsAConfirmationForm(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            InstrumentedEmail email = InstrumentedEmail.create(server, ADMIN_KEY, "ada@example.com", "Hello");
            assertThat(email.html()).as("placeholder replaced by the signed link")
                    .doesNotContain("{{unsubscribe_url}}").contains("/track/unsubscribe/" + email.linkId() + "?sig=");

            HttpResponse<byte[]> page = TrackingHits.get(server, email.unsubscribeLink(), TrackingHits.CHROME);

            String html = new String(page.body(), StandardCharsets.UTF_8);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(html).contains("<form method=\"post\"").contains("name=\"confirm\"")
                    .contains("?sig=" + InstrumentedEmail.sigOf(email.unsubscribeLink()));
            HttpResponse<byte[]> head = TrackingHits.head(server, email.unsubscribeLink(), TrackingHits.CHROME);
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(Events.list(server, ADMIN_KEY, "type=email.unsubscribed")).as("showing the page is not consent")
                    .isEmpty();
        }
    }

    @EachDatabase
    void unsubscribeWithInvalidSignatureIsRefusedAndRecordsNothing(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            InstrumentedEmail email = InstrumentedEmail.create(server, ADMIN_KEY, "ada@example.com", "Hello");
            InstrumentedEmail other = InstrumentedEmail.create(server, ADMIN_KEY, "bob@example.com", "Hello");
            String base = TestServer.PUBLIC_URL + "/track/unsubscribe/" + email.linkId();
            String clickSig = InstrumentedEmail.sigOf(email.clickLinks().getFirst());

            for (String link : List.of(base, base + "?sig=", base + "?sig=bogus", base + "?sig=" + clickSig,
                    base + "?sig=" + InstrumentedEmail.sigOf(other.unsubscribeLink()))) {
                HttpResponse<byte[]> page = TrackingHits.get(server, link, TrackingHits.CHROME);
                assertThat(page.statusCode()).as("GET " + link).isEqualTo(400);
                assertThat(new String(page.body(), StandardCharsets.UTF_8)).as(link).doesNotContain("<form");
                HttpResponse<String> post = TrackingHits.postForm(server, link, "List-Unsubscribe=One-Click");
                assertThat(post.statusCode()).as("POST " + link).isEqualTo(400);
                assertThat(post.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            }

            assertThat(Events.list(server, ADMIN_KEY, "type=email.unsubscribed")).isEmpty();
        }
    }

    @EachDatabase
    void oneClickUnsubscribeRecordsOneEventHoweverOftenItIsSent(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            InstrumentedEmail email = InstrumentedEmail.create(server, ADMIN_KEY, "ada@example.com", "Hello");

            HttpResponse<String> first = TrackingHits.postForm(server, email.unsubscribeLink(), "List-Unsubscribe=One-Click");
            HttpResponse<String> again = TrackingHits.postForm(server, email.unsubscribeLink(), "List-Unsubscribe=One-Click");
            HttpResponse<String> form = TrackingHits.postForm(server, email.unsubscribeLink(), "confirm=yes");

            assertThat(List.of(first.statusCode(), again.statusCode(), form.statusCode())).containsOnly(200);
            assertThat(first.body()).contains("unsubscribed");
            List<JsonNode> events = Events.about(server, ADMIN_KEY, email.emailId(), "email.unsubscribed");
            assertThat(events).hasSize(1);
            JsonNode data = events.getFirst().get("data");
            assertThat(data.get("method").asText()).isEqualTo("one_click");
            assertThat(data.get("to").asText()).isEqualTo("ada@example.com");
            assertThat(data.get("unsubscribed_at").asText()).isEqualTo(events.getFirst().get("created_at").asText());
        }
    }

    @EachDatabase
    void confirmationFormUnsubscribesByLinkOnce(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            InstrumentedEmail email = InstrumentedEmail.create(server, ADMIN_KEY, "ada@example.com", "Hello");

            assertThat(TrackingHits.postForm(server, email.unsubscribeLink(), "confirm=yes").statusCode()).isEqualTo(200);
            assertThat(TrackingHits.postForm(server, email.unsubscribeLink(), "List-Unsubscribe=One-Click").statusCode())
                    .isEqualTo(200);

            List<JsonNode> events = Events.about(server, ADMIN_KEY, email.emailId(), "email.unsubscribed");
            assertThat(events).extracting(e -> e.at("/data/method").asText()).containsExactly("link");
        }
    }

    @EachDatabase
    void aOneClickSentAsMultipartFormDataIsOneClick(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            InstrumentedEmail email = InstrumentedEmail.create(server, ADMIN_KEY, "ada@example.com", "Hello");
            String boundary = "----postcard-test-boundary";
            String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\n"
                    + "One-Click\r\n--" + boundary + "--\r\n";

            HttpResponse<String> post = server.send(java.net.http.HttpRequest.newBuilder(server.local(email.unsubscribeLink()))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());

            assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
            assertThat(Events.about(server, ADMIN_KEY, email.emailId(), "email.unsubscribed"))
                    .extracting(e -> e.at("/data/method").asText()).containsExactly("one_click");
        }
    }

    @EachDatabase
    void pagesCannotBeFramedAndRunNothingButTheirOwnStyle(TestDatabase db) throws Exception {
        try (TestServer server = TestServer.start(db.url())) {
            InstrumentedEmail email = InstrumentedEmail.create(server, ADMIN_KEY, "ada@example.com", "Hello");

            HttpResponse<byte[]> page = TrackingHits.get(server, email.unsubscribeLink(), TrackingHits.CHROME);
            HttpResponse<byte[]> invalid = TrackingHits.get(server, TestServer.PUBLIC_URL + "/track/click/"
                    + email.emailId() + "?url=https%3A%2F%2Fevil.example%2F&sig=forged", TrackingHits.CHROME);

            for (HttpResponse<byte[]> response : List.of(page, invalid)) {
                String html = new String(response.body(), StandardCharsets.UTF_8);
                String style = html.substring(html.indexOf("<style>") + 7, html.indexOf("</style>"));
                String hash = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest
                        .getInstance("SHA-256").digest(style.getBytes(StandardCharsets.UTF_8)));
                assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
                assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
                assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                        assertThat(csp).contains("default-src 'none'", "frame-ancestors 'none'", "form-action 'self'",
                                "style-src 'sha256-" + hash + "'").doesNotContain("script-src", "unsafe-inline"));
            }
        }
    }
}
