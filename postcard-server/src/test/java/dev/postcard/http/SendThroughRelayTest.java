package dev.postcard.http;

import static dev.postcard.http.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.postcard.sending.smtp.SmtpSettings;
import dev.postcard.sending.smtp.SmtpTransport;
import dev.postcard.server.ServerConfig;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/emails} through a real SMTP relay (GreenMail): each recipient gets one copy on its own envelope
 * with the pixel, signed links that redirect where the sender pointed, the unsubscribe headers, the VERP return
 * path, its own ids, and non-ASCII subjects and names intact; a suppressed recipient never reaches the relay.
 */
class SendThroughRelayTest {
    private static final Pattern CLICK = Pattern.compile("href=\"(https://links\\.postcard\\.test/track/click/[^\"]+)\"");
    private static final Pattern PIXEL = Pattern.compile("src=\"(https://links\\.postcard\\.test/track/open/[^\"]+)\"");

    @EachDatabase
    void eachRecipientGetsItsOwnTrackedCopy(TestDatabase db) throws Exception {
        GreenMail relay = relay();
        ServerConfig config = TestServer.config(db.url()).toBuilder().bounceDomains(List.of("bounces.shop.example")).build();
        try (TestServer server = TestServer.start(config, transport(relay, config))) {
            HttpResponse<String> suppressed = server.post("/v1/suppressions", ADMIN_KEY,
                    "{\"address\": \"gone@example.net\"}");
            assertThat(suppressed.statusCode()).as(suppressed.body()).isIn(200, 201);
            HttpResponse<String> accepted = server.post("/v1/emails", ADMIN_KEY, """
                    {"from": "Boutique Élan <news@shop.example>",
                     "to": ["Zoë Noël <zoe@example.com>", "gone@example.net"], "cc": ["carl@example.org"],
                     "subject": "Les nouveautés — été", "tags": ["summer"], "metadata": {"campaign": "42"},
                     "html": "<p>Bonjour <a href=\\"https://shop.example/sale?x=1&amp;y=2\\">les soldes</a></p><p><a href=\\"{{unsubscribe_url}}\\">désabonner</a></p>"}""");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            JsonNode answer = TestServer.json(accepted);
            assertThat(answer.get("data")).extracting(d -> d.get("to").asText() + " " + d.get("status").asText())
                    .containsExactlyInAnyOrder("zoe@example.com queued", "gone@example.net dropped",
                            "carl@example.org queued");

            assertThat(relay.waitForIncomingEmail(20_000, 2)).as("two copies at the relay").isTrue();
            Thread.sleep(500); // a third copy (the suppressed one) would be here by now
            MimeMessage[] received = relay.getReceivedMessages();
            String zoeId = idOf(answer, "zoe@example.com");
            assertThat(received).extracting(m -> m.getHeader("X-Postcard-Email-Id", null))
                    .as("the suppressed recipient's copy never handed over")
                    .containsExactlyInAnyOrder(zoeId, idOf(answer, "carl@example.org"));
            MimeMessage zoe = java.util.Arrays.stream(received).filter(m -> {
                try {
                    return zoeId.equals(m.getHeader("X-Postcard-Email-Id", null));
                } catch (jakarta.mail.MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }).findFirst().orElseThrow();
            assertThat(zoe.getHeader("X-Postcard-Email-Id", null)).isEqualTo(zoeId);
            assertThat(zoe.getMessageID()).isEqualTo("<" + zoeId + "@shop.example>");
            assertThat(zoe.getHeader("Return-Path", null)).isEqualTo("<bounce+" + zoeId + "@bounces.shop.example>");
            assertThat(zoe.getSubject()).isEqualTo("Les nouveautés — été");
            assertThat(((InternetAddress) zoe.getFrom()[0]).getPersonal()).isEqualTo("Boutique Élan");
            assertThat(zoe.getRecipients(Message.RecipientType.TO)).extracting(a -> ((InternetAddress) a).getPersonal())
                    .containsExactly("Zoë Noël", null);
            assertThat(zoe.getRecipients(Message.RecipientType.CC)).hasSize(1);
            assertThat(zoe.getHeader("List-Unsubscribe", null)).contains("/track/unsubscribe/");
            assertThat(zoe.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");

            String html = part(zoe, "text/html");
            String text = part(zoe, "text/plain");
            assertThat(html).doesNotContain("{{unsubscribe_url}}").contains("/track/unsubscribe/");
            assertThat(text).as("the text part, derived from the HTML").contains("les soldes (https://links.postcard.test/track/click/");
            Matcher click = CLICK.matcher(html);
            assertThat(click.find()).as(html).isTrue();
            HttpResponse<String> redirect = server.send(server.request("").uri(server.local(
                    click.group(1).replace("&amp;", "&"))).GET().build());
            assertThat(redirect.statusCode()).isEqualTo(302);
            assertThat(redirect.headers().firstValue("Location")).contains("https://shop.example/sale?x=1&y=2");
            Matcher pixel = PIXEL.matcher(html);
            assertThat(pixel.find()).as(html).isTrue();

            JsonNode sent = eventually(server, "email_id=" + zoeId + "&type=email.sent");
            assertThat(sent.at("/data/transport").asText()).isEqualTo("smtp");
            assertThat(sent.at("/data/smtp_response").asText()).startsWith("250");
            assertThat(sent.at("/data/tags/0").asText()).isEqualTo("summer");
            assertThat(sent.at("/data/metadata/campaign").asText()).isEqualTo("42");
            JsonNode dropped = eventually(server, "email_id=" + idOf(answer, "gone@example.net") + "&type=email.dropped");
            assertThat(dropped.at("/data/reason").asText()).isEqualTo("suppressed");
        } finally {
            relay.stop();
        }
    }

    static GreenMail relay() throws IOException {
        int port;
        try (ServerSocket reserve = new ServerSocket(0)) {
            port = reserve.getLocalPort();
        }
        GreenMail relay = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        return relay;
    }

    static SmtpTransport transport(GreenMail relay, ServerConfig config) {
        return new SmtpTransport(SmtpSettings.parse("smtp://127.0.0.1:" + relay.getSmtp().getPort()
                + "?starttls=optional"), config.clock());
    }

    private static String idOf(JsonNode answer, String to) {
        for (JsonNode recipient : answer.get("data")) {
            if (recipient.get("to").asText().equals(to)) {
                return recipient.get("email_id").asText();
            }
        }
        throw new AssertionError("no recipient " + to + " in " + answer);
    }

    private static JsonNode eventually(TestServer server, String query) throws InterruptedException {
        List<JsonNode> found = Events.awaitList(server, ADMIN_KEY, query);
        assertThat(found).as(query).hasSize(1);
        return found.getFirst();
    }

    /** The decoded text of the first part of this media type. */
    private static String part(Part part, String type) throws Exception {
        if (part.isMimeType(type)) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = part(multipart.getBodyPart(i), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
