package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code GET /track/click/{emailId}?url=U&sig=S}: a redirect only to what Postcard signed for that email. */
class TrackingClickTest {

    @EachDatabase
    void clickWithValidSignatureRedirectsToTheOriginalUrlAndRecordsTheClick(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            InstrumentedEmail email = InstrumentedEmail.create(server, ADMIN_KEY, "ada@example.com", "Hello");
            assertThat(email.clickLinks()).hasSize(InstrumentedEmail.TARGETS.size());

            for (int i = 0; i < email.clickLinks().size(); i++) {
                String link = email.clickLinks().get(i);
                assertThat(InstrumentedEmail.targetOf(link)).isEqualTo(InstrumentedEmail.TARGETS.get(i));

                HttpResponse<byte[]> response = TrackingHits.get(server, link, TrackingHits.CHROME);

                assertThat(response.statusCode()).as(link).isEqualTo(302);
                assertThat(response.headers().firstValue("Location")).as(link)
                        .hasValue(InstrumentedEmail.LOCATIONS.get(i));
            }

            List<JsonNode> clicks = Events.about(server, ADMIN_KEY, email.emailId(), "email.clicked");
            assertThat(clicks).extracting(e -> e.at("/data/url").asText())
                    .containsExactlyElementsOf(InstrumentedEmail.TARGETS.reversed());
            assertThat(clicks).allSatisfy(click -> {
                assertThat(click.at("/data/to").asText()).isEqualTo("ada@example.com");
                assertThat(click.at("/data/user_agent").asText()).isEqualTo(TrackingHits.CHROME);
                assertThat(click.at("/data/machine").isBoolean()).isTrue();
            });
        }
    }

    @EachDatabase
    void clickWithoutSignatureOrUrlIsRefusedWithoutRedirect(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            InstrumentedEmail email = InstrumentedEmail.create(server, ADMIN_KEY, "ada@example.com", "Hello");
            String link = email.clickLinks().getFirst();
            String base = TestServer.PUBLIC_URL + "/track/click/" + email.linkId();

            assertRefused(server, base + "?url=" + InstrumentedEmail.encode(InstrumentedEmail.targetOf(link)));
            assertRefused(server, base + "?sig=" + InstrumentedEmail.sigOf(link));
            assertRefused(server, base);
            assertRefused(server, InstrumentedEmail.clickLink(email.linkId(), InstrumentedEmail.targetOf(link), ""));

            assertThat(Events.list(server, ADMIN_KEY, "type=email.clicked")).isEmpty();
        }
    }

    @EachDatabase
    void clickWithWrongSignatureIsRefusedWithoutRedirect(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            InstrumentedEmail email = InstrumentedEmail.create(server, ADMIN_KEY, "ada@example.com", "Hello");
            String target = InstrumentedEmail.targetOf(email.clickLinks().getFirst());
            String sig = InstrumentedEmail.sigOf(email.clickLinks().getFirst());
            char flipped = sig.charAt(5) == 'A' ? 'B' : 'A';

            for (String wrong : List.of(sig.substring(0, 5) + flipped + sig.substring(6), sig + "A",
                    sig.substring(1), "not a signature", "%%%", "A".repeat(300))) {
                assertRefused(server, InstrumentedEmail.clickLink(email.linkId(), target, wrong));
            }

            assertThat(Events.list(server, ADMIN_KEY, "type=email.clicked")).isEmpty();
        }
    }

    @EachDatabase
    void clickWithTamperedUrlIsRefusedWithoutRedirect(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            InstrumentedEmail email = InstrumentedEmail.create(server, ADMIN_KEY, "ada@example.com", "Hello");
            String target = InstrumentedEmail.targetOf(email.clickLinks().getFirst());
            String sig = InstrumentedEmail.sigOf(email.clickLinks().getFirst());

            for (String tampered : List.of("https://evil.example/", target + "&x=1", target.replace("https:", "http:"),
                    target.toUpperCase(), target + "#frag", "javascript:alert(1)")) {
                assertRefused(server, InstrumentedEmail.clickLink(email.linkId(), tampered, sig));
            }

            assertThat(Events.list(server, ADMIN_KEY, "type=email.clicked")).isEmpty();
        }
    }

    @EachDatabase
    void clickSignedForAnotherEmailIsRefusedWithoutRedirect(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            InstrumentedEmail first = InstrumentedEmail.create(server, ADMIN_KEY, "ada@example.com", "Hello");
            InstrumentedEmail second = InstrumentedEmail.create(server, ADMIN_KEY, "bob@example.com", "Hello");
            String target = InstrumentedEmail.targetOf(second.clickLinks().getFirst());
            String secondsSig = InstrumentedEmail.sigOf(second.clickLinks().getFirst());
            String unsubscribeSig = InstrumentedEmail.sigOf(first.unsubscribeLink());

            assertRefused(server, InstrumentedEmail.clickLink(first.linkId(), target, secondsSig));
            assertRefused(server, InstrumentedEmail.clickLink("msg_unknown", target, secondsSig));
            assertRefused(server, InstrumentedEmail.clickLink(first.linkId(), "", unsubscribeSig));

            assertThat(Events.list(server, ADMIN_KEY, "type=email.clicked")).isEmpty();
        }
    }

    @EachDatabase
    void headClickAnswersLikeGetAndIsRecordedAsMachine(TestDatabase db) {
        try (TestServer server = TestServer.start(db.url())) {
            InstrumentedEmail email = InstrumentedEmail.create(server, ADMIN_KEY, "ada@example.com", "Hello");

            HttpResponse<byte[]> response = TrackingHits.head(server, email.clickLinks().getFirst(), TrackingHits.CHROME);

            assertThat(response.statusCode()).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).hasValue(InstrumentedEmail.LOCATIONS.getFirst());
            List<JsonNode> clicks = Events.about(server, ADMIN_KEY, email.emailId(), "email.clicked");
            assertThat(clicks).hasSize(1);
            assertThat(clicks.getFirst().at("/data/machine").asBoolean()).isTrue();
            assertThat(clicks.getFirst().at("/data/machine_reason").asText()).isEqualTo("head_request");
        }
    }

    /** A 400 page for people: HTML, no redirect, nothing that could send them anywhere. */
    private static void assertRefused(TestServer server, String link) {
        HttpResponse<byte[]> response = TrackingHits.get(server, link, TrackingHits.CHROME);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(link).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).as(link).isEmpty();
        assertThat(response.headers().firstValue("Content-Type")).as(link)
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(body).as(link).contains("Invalid link").doesNotContain("evil.example");
    }
}
