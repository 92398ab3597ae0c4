package dev.postcard.sending.api;

import dev.postcard.sending.MailAttachment;
import dev.postcard.sending.OutgoingMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;

/** Messages and clients the API transport tests share. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-03-02T10:15:30Z");
    static final String EMAIL_ID = "msg_01JNQ4ZV9X2W8K7T5R3M1H0GFE";
    static final byte[] PDF = "%PDF-1.4 quarterly report\n".getBytes(StandardCharsets.UTF_8);

    private Fixtures() {
    }

    /** A client like the shared one, with short timeouts and a fixed clock. */
    static ApiClient client() {
        return new ApiClient(new OkHttpClient.Builder()
                .followRedirects(false)
                .retryOnConnectionFailure(false)
                .callTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofMillis(700))
                .build(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /**
     * The copy for Ada of a send to Ada and Bob with Cy in copy: headers of its own, an attachment, both bodies,
     * non-ASCII in the subject and a display name.
     */
    static OutgoingMessage copyForAda() {
        LinkedHashMap<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Campaign", "spring");
        headers.put("X-Postcard-Email-Id", EMAIL_ID);
        headers.put("List-Unsubscribe", "<https://t.example.com/u/abc>");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return new OutgoingMessage("ten_1", EMAIL_ID, "bounce+" + EMAIL_ID + "@bounces.example.com", "ada@example.org",
                "Zoë Post <news@send.example.com>", List.of("Ada Lovelace <ada@example.org>", "bob@example.org"),
                List.of("Cy <cy@example.org>"), List.of("help@example.com"), "Your report — März",
                Optional.of("<p>Hello Ada <a href=\"https://t.example.com/c/1\">report</a></p>"),
                Optional.of("Hello Ada, your report: https://t.example.com/c/1"),
                EMAIL_ID + "@send.example.com", headers,
                List.of(new MailAttachment("report.pdf", "application/pdf", PDF)), List.of("reports", "monthly"));
    }

    /** {@link #copyForAda()} from a send to Ada alone: the headers show nobody else. */
    static OutgoingMessage copyForAdaAlone() {
        OutgoingMessage m = copyForAda();
        return new OutgoingMessage(m.tenantId(), m.emailId(), m.envelopeFrom(), m.envelopeTo(), m.from(),
                List.of("Ada Lovelace <ada@example.org>"), List.of(), m.replyTo(), m.subject(), m.html(), m.text(),
                m.messageId(), m.headers(), m.attachments(), m.tags());
    }

    /** A text-only message to one recipient shown alone, without headers or attachments. */
    static OutgoingMessage plainToOne() {
        return new OutgoingMessage("ten_1", EMAIL_ID, "news@send.example.com", "ada@example.org",
                "news@send.example.com", List.of("ada@example.org"), List.of(), List.of(), "Hello",
                Optional.empty(), Optional.of("Hello Ada"), EMAIL_ID + "@send.example.com", new LinkedHashMap<>(),
                List.of(), List.of());
    }
}
