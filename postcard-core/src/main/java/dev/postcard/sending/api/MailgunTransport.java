package dev.postcard.sending.api;

import dev.postcard.providers.ProviderJson;
import dev.postcard.providers.mailgun.MailgunProvider;
import dev.postcard.sending.MailAttachment;
import dev.postcard.sending.OutgoingMessage;
import dev.postcard.sending.smtp.MimeComposer;
import java.time.Clock;
import java.time.ZoneOffset;
import dev.postcard.sending.Transport;
import dev.postcard.sending.TransportResult;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Sends through Mailgun's Messages API (HTTP Basic {@code api:<api key>}, {@code multipart/form-data} bodies) on
 * the US host {@code api.mailgun.net} or the EU host {@code api.eu.mailgun.net}.
 *
 * <p>A copy that shows only its own recipient goes to {@code POST /v3/<domain>/messages} as fields
 * ({@code from}, {@code to}, {@code subject}, {@code text}, {@code html}, {@code h:} headers, {@code attachment}
 * files). A copy whose headers show other recipients goes to {@code POST /v3/<domain>/messages.mime}: the MIME
 * message ({@code MimeComposer}) shows the send's {@code To} and {@code Cc}, and Mailgun delivers only to the
 * {@code to} field, which names this copy's recipient (Mailgun does not deliver to the MIME's own headers).
 * Either way our email id is the user variable {@code v:postcard_email_id}, which Mailgun's webhooks return in
 * {@code user-variables}; the first three of the send's tags are {@code o:tag} (Mailgun's limit per message).
 * Mailgun's own tracking is turned off ({@code o:tracking=no}): Postcard instruments the message itself.
 *
 * <p>Answers: 200 with {@code id} ({@code <...>}, kept without the angle brackets, as Mailgun's webhooks name it
 * in {@code message.headers.message-id}) → accepted; the rest by status ({@code Outcomes.refused}). Mailgun refuses
 * no recipient at the API: a suppressed address is accepted and reported as failed by its webhooks.
 */
public final class MailgunTransport implements Transport {
    /** The provider's name, as its webhooks' source and as {@code data.transport} / {@code data.provider}. */
    public static final String NAME = MailgunProvider.NAME;
    static final HttpUrl US_API = HttpUrl.get("https://api.mailgun.net/");
    static final HttpUrl EU_API = HttpUrl.get("https://api.eu.mailgun.net/");
    static final int MAX_TAGS = 3;

    private final ApiClient client;
    private final HttpUrl base;
    private final String domain;
    private final String apiKey;

    MailgunTransport(ApiClient client, HttpUrl base, String domain, String apiKey) {
        this.client = Objects.requireNonNull(client, "client");
        this.base = Objects.requireNonNull(base, "base");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TransportResult send(OutgoingMessage message) {
        boolean mime = !Addresses.showsOnlyItsRecipient(message);
        Request request = new Request.Builder()
                .url(base.newBuilder().addPathSegment("v3").addPathSegment(domain)
                        .addPathSegment(mime ? "messages.mime" : "messages").build())
                .header("Authorization", Credentials.basic("api", apiKey))
                .post(mime ? mimeBody(message, client.clock().instant()) : body(message))
                .build();
        return switch (client.call(request)) {
            case Reply.Unreachable u -> Outcomes.unreachable(NAME, u);
            case Reply.Answered a when a.successful() ->
                    new TransportResult.Accepted(NAME, a.text(), Outcomes.text(a, "id").map(MailgunTransport::unbracketed));
            case Reply.Answered a -> Outcomes.refused(NAME, a, client.clock());
        };
    }

    /** The fields of {@code messages.mime}: the envelope recipient, the whole message, and Mailgun's options. */
    static MultipartBody mimeBody(OutgoingMessage message, Instant date) {
        MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("to", message.envelopeTo())
                .addFormDataPart("message", "message.eml",
                        RequestBody.create(new MimeComposer(Clock.fixed(date, ZoneOffset.UTC)).bytes(message), MediaType.get("message/rfc822")));
        return options(form, message).build();
    }

    static MultipartBody body(OutgoingMessage message) {
        MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("from", message.from())
                .addFormDataPart("to", Addresses.shownRecipient(message))
                .addFormDataPart("subject", message.subject());
        message.text().ifPresent(text -> form.addFormDataPart("text", text));
        message.html().ifPresent(html -> form.addFormDataPart("html", html));
        if (!message.replyTo().isEmpty()) {
            form.addFormDataPart("h:Reply-To", String.join(", ", message.replyTo()));
        }
        message.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase(ProviderJson.EMAIL_ID_HEADER)) {
                form.addFormDataPart("h:" + name, value);
            }
        });
        form.addFormDataPart("h:" + ProviderJson.EMAIL_ID_HEADER, message.emailId());
        for (MailAttachment a : message.attachments()) {
            form.addFormDataPart("attachment", a.filename(), RequestBody.create(a.content(), MediaType.parse(a.contentType())));
        }
        return options(form, message).build();
    }

    private static MultipartBody.Builder options(MultipartBody.Builder form, OutgoingMessage message) {
        message.tags().stream().distinct().limit(MAX_TAGS).forEach(tag -> form.addFormDataPart("o:tag", tag));
        form.addFormDataPart("v:" + ProviderJson.EMAIL_ID_KEY, message.emailId());
        form.addFormDataPart("o:tracking", "no");
        return form;
    }

    private static String unbracketed(String id) {
        String s = id.strip();
        return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }

    String domain() {
        return domain;
    }

    /** Connections belong to the client every API transport shares; idle ones close by themselves. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "MailgunTransport[" + base.host() + ", " + domain + "]";
    }

    static Optional<HttpUrl> apiFor(String host) {
        if (host.equals(US_API.host())) {
            return Optional.of(US_API);
        }
        return host.equals(EU_API.host()) ? Optional.of(EU_API) : Optional.empty();
    }
}
