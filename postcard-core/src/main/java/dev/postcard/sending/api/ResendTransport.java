package dev.postcard.sending.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.providers.ProviderJson;
import dev.postcard.providers.resend.ResendProvider;
import dev.postcard.sending.MailAttachment;
import dev.postcard.sending.OutgoingMessage;
import dev.postcard.sending.Transport;
import dev.postcard.sending.TransportResult;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Sends through Resend's API ({@code POST /emails}, {@code Authorization: Bearer <api key>}).
 *
 * <p>Resend delivers to every address it is given and has no envelope of its own, so a copy is sent with
 * {@code to} = this copy's recipient only (with its display name when the send showed one): the other
 * recipients of the send are not shown in its {@code To} and {@code Cc}. Our email id travels as the header
 * {@code X-Postcard-Email-Id}, which Resend's webhooks echo, and as the tag {@code postcard_email_id}; the send's
 * own tags are not passed on (Resend's tags are name/value pairs that its webhooks return as metadata). The
 * email id is also the {@code Idempotency-Key}, so a copy handed over again within Resend's 24 hours (after a
 * crash between Resend's answer and our record of it) is not sent twice.
 *
 * <p>Answers: 200 with {@code id} → accepted; 409 {@code invalid_idempotent_request} (the key was used with
 * another body: this email was already taken) → accepted without an id; 409
 * {@code concurrent_idempotent_requests} → temporary; the rest by status ({@code Outcomes.refused}). Resend
 * refuses no recipient at the API: a suppressed address is accepted and reported by its webhooks.
 */
public final class ResendTransport implements Transport {
    /** The provider's name, as its webhooks' source and as {@code data.transport} / {@code data.provider}. */
    public static final String NAME = ResendProvider.NAME;
    static final HttpUrl API = HttpUrl.get("https://api.resend.com/");
    private static final MediaType JSON = MediaType.get("application/json");

    private final ApiClient client;
    private final HttpUrl base;
    private final String apiKey;

    ResendTransport(ApiClient client, HttpUrl base, String apiKey) {
        this.client = Objects.requireNonNull(client, "client");
        this.base = Objects.requireNonNull(base, "base");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TransportResult send(OutgoingMessage message) {
        Request request = new Request.Builder()
                .url(base.newBuilder().addPathSegment("emails").build())
                .header("Authorization", "Bearer " + apiKey)
                .header("Idempotency-Key", message.emailId())
                .post(RequestBody.create(body(message).toString(), JSON))
                .build();
        return switch (client.call(request)) {
            case Reply.Unreachable u -> Outcomes.unreachable(NAME, u);
            case Reply.Answered a when a.successful() ->
                    new TransportResult.Accepted(NAME, a.text(), Outcomes.text(a, "id"));
            case Reply.Answered a when a.status() == 409 -> idempotency(a);
            case Reply.Answered a -> Outcomes.refused(NAME, a, client.clock());
        };
    }

    private TransportResult idempotency(Reply.Answered answer) {
        String kind = Outcomes.text(answer, "name").orElse("");
        if (kind.equals("invalid_idempotent_request")) {
            return new TransportResult.Accepted(NAME, answer.text(), Optional.empty());
        }
        if (kind.equals("concurrent_idempotent_requests")) {
            return new TransportResult.TemporaryFailure(NAME, answer.text(), Outcomes.retryAfter(answer, client.clock()));
        }
        return Outcomes.refused(NAME, answer, client.clock());
    }

    static ObjectNode body(OutgoingMessage message) {
        ObjectNode body = ApiClient.JSON.createObjectNode();
        body.put("from", message.from());
        body.putArray("to").add(Addresses.shownRecipient(message));
        body.put("subject", message.subject());
        message.html().ifPresent(html -> body.put("html", html));
        message.text().ifPresent(text -> body.put("text", text));
        if (!message.replyTo().isEmpty()) {
            ArrayNode replyTo = body.putArray("reply_to");
            message.replyTo().forEach(replyTo::add);
        }
        ObjectNode headers = body.putObject("headers");
        message.headers().forEach(headers::put);
        headers.put(ProviderJson.EMAIL_ID_HEADER, message.emailId());
        if (!message.attachments().isEmpty()) {
            ArrayNode attachments = body.putArray("attachments");
            for (MailAttachment a : message.attachments()) {
                attachments.addObject()
                        .put("filename", a.filename())
                        .put("content", Base64.getEncoder().encodeToString(a.content()))
                        .put("content_type", a.contentType());
            }
        }
        body.putArray("tags").addObject().put("name", ProviderJson.EMAIL_ID_KEY).put("value", message.emailId());
        return body;
    }

    /** Connections belong to the client every API transport shares; idle ones close by themselves. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "ResendTransport[" + base.host() + "]";
    }
}
