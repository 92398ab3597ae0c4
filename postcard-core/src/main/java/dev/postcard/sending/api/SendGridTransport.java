package dev.postcard.sending.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.providers.ProviderJson;
import dev.postcard.providers.sendgrid.SendGridProvider;
import dev.postcard.sending.MailAttachment;
import dev.postcard.sending.OutgoingMessage;
import dev.postcard.sending.Transport;
import dev.postcard.sending.TransportResult;
import jakarta.mail.internet.InternetAddress;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Sends through SendGrid's v3 Mail Send API ({@code POST /v3/mail/send}, {@code Authorization: Bearer <api key>}).
 *
 * <p>SendGrid delivers to every address of a personalization and does not let a sender set {@code To} or
 * {@code Cc} as headers (they are reserved), so a copy goes with one personalization whose {@code to} is this
 * copy's recipient only: the other recipients of the send are not shown. Our email id is the personalization's
 * {@code custom_args.postcard_email_id}, which SendGrid's Event Webhook puts at the top level of every event (the
 * {@code sendgrid} provider reads it there). The send's tags become {@code categories} (SendGrid keeps ten).
 * SendGrid's own open, click and subscription tracking are turned off: Postcard instruments the message itself,
 * and SendGrid would rewrite the signed links again.
 *
 * <p>Answers: 202 with the {@code X-Message-Id} header → accepted with that id; the rest by status
 * ({@code Outcomes.refused}). SendGrid refuses no recipient at the API: a suppressed address is accepted and
 * reported as dropped by its Event Webhook.
 */
public final class SendGridTransport implements Transport {
    /** The provider's name, as its webhooks' source and as {@code data.transport} / {@code data.provider}. */
    public static final String NAME = SendGridProvider.NAME;
    static final HttpUrl API = HttpUrl.get("https://api.sendgrid.com/");
    static final int MAX_CATEGORIES = 10;
    /** Headers SendGrid builds itself and refuses from the sender. */
    private static final Set<String> RESERVED = Set.of("x-sg-id", "x-sg-eid", "received", "dkim-signature",
            "content-type", "content-transfer-encoding", "to", "from", "subject", "reply-to", "cc", "bcc");
    private static final MediaType JSON = MediaType.get("application/json");

    private final ApiClient client;
    private final HttpUrl base;
    private final String apiKey;

    SendGridTransport(ApiClient client, HttpUrl base, String apiKey) {
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
                .url(base.newBuilder().addPathSegments("v3/mail/send").build())
                .header("Authorization", "Bearer " + apiKey)
                .post(RequestBody.create(body(message).toString(), JSON))
                .build();
        return switch (client.call(request)) {
            case Reply.Unreachable u -> Outcomes.unreachable(NAME, u);
            case Reply.Answered a when a.successful() -> new TransportResult.Accepted(NAME, a.text(),
                    Optional.ofNullable(a.headers().get("X-Message-Id")).filter(id -> !id.isBlank()));
            case Reply.Answered a -> Outcomes.refused(NAME, a, client.clock());
        };
    }

    static ObjectNode body(OutgoingMessage message) {
        ObjectNode body = ApiClient.JSON.createObjectNode();
        ObjectNode personalization = body.putArray("personalizations").addObject();
        personalization.putArray("to").add(address(Addresses.parse(Addresses.shownRecipient(message))));
        personalization.putObject("custom_args").put(ProviderJson.EMAIL_ID_KEY, message.emailId());
        body.set("from", address(Addresses.parse(message.from())));
        if (message.replyTo().size() == 1) {
            body.set("reply_to", address(Addresses.parse(message.replyTo().getFirst())));
        } else if (!message.replyTo().isEmpty()) {
            ArrayNode replyTo = body.putArray("reply_to_list");
            message.replyTo().forEach(r -> replyTo.add(address(Addresses.parse(r))));
        }
        body.put("subject", message.subject());
        // SendGrid wants text/plain before text/html.
        ArrayNode content = body.putArray("content");
        message.text().ifPresent(text -> content.addObject().put("type", "text/plain").put("value", text));
        message.html().ifPresent(html -> content.addObject().put("type", "text/html").put("value", html));
        ObjectNode headers = body.putObject("headers");
        message.headers().forEach((name, value) -> {
            if (!RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, value);
            }
        });
        headers.put(ProviderJson.EMAIL_ID_HEADER, message.emailId());
        if (!message.attachments().isEmpty()) {
            ArrayNode attachments = body.putArray("attachments");
            for (MailAttachment a : message.attachments()) {
                attachments.addObject()
                        .put("content", Base64.getEncoder().encodeToString(a.content()))
                        .put("filename", a.filename())
                        .put("type", a.contentType())
                        .put("disposition", "attachment");
            }
        }
        if (!message.tags().isEmpty()) {
            ArrayNode categories = body.putArray("categories");
            message.tags().stream().distinct().limit(MAX_CATEGORIES).forEach(categories::add);
        }
        ObjectNode tracking = body.putObject("tracking_settings");
        tracking.putObject("click_tracking").put("enable", false).put("enable_text", false);
        tracking.putObject("open_tracking").put("enable", false);
        tracking.putObject("subscription_tracking").put("enable", false);
        return body;
    }

    private static ObjectNode address(InternetAddress address) {
        ObjectNode node = ApiClient.JSON.createObjectNode().put("email", address.getAddress());
        Addresses.name(address).ifPresent(name -> node.put("name", name));
        return node;
    }

    /** Connections belong to the client every API transport shares; idle ones close by themselves. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "SendGridTransport[" + base.host() + "]";
    }
}
