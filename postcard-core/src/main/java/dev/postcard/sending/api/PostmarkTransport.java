package dev.postcard.sending.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.providers.ProviderJson;
import dev.postcard.providers.postmark.PostmarkProvider;
import dev.postcard.sending.MailAttachment;
import dev.postcard.sending.OutgoingMessage;
import dev.postcard.sending.Transport;
import dev.postcard.sending.TransportResult;
import java.util.Base64;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Sends through Postmark's Email API ({@code POST /email}, header {@code X-Postmark-Server-Token}).
 *
 * <p>Postmark delivers to every address of {@code To}, {@code Cc} and {@code Bcc} and has no envelope of its own,
 * so a copy is sent with {@code To} = this copy's recipient only: the other recipients of the send are not shown.
 * Our email id is {@code Metadata.postcard_email_id}, which Postmark's webhooks return in {@code Metadata}; the
 * first of the send's tags is Postmark's one {@code Tag}. The message goes on the configured
 * {@code MessageStream}. Postmark's own open and link tracking are turned off: Postcard instruments the message
 * itself.
 *
 * <p>Answers carry an {@code ErrorCode}: 0 with {@code MessageID} → accepted; 406 (the recipient is inactive: it
 * bounced hard, complained, or was suppressed) → the recipient rejected; 10 (bad or missing server token) →
 * {@code authentication_failed}; 300 (invalid email request) and the other codes → failed for good with
 * Postmark's {@code Message}; 429 and 5xx → temporary ({@code Outcomes.refused}).
 */
public final class PostmarkTransport implements Transport {
    /** The provider's name, as its webhooks' source and as {@code data.transport} / {@code data.provider}. */
    public static final String NAME = PostmarkProvider.NAME;
    public static final String DEFAULT_STREAM = "outbound";
    static final HttpUrl API = HttpUrl.get("https://api.postmarkapp.com/");
    static final int INACTIVE_RECIPIENT = 406;
    static final int BAD_TOKEN = 10;
    private static final MediaType JSON = MediaType.get("application/json");

    private final ApiClient client;
    private final HttpUrl base;
    private final String serverToken;
    private final String messageStream;

    PostmarkTransport(ApiClient client, HttpUrl base, String serverToken, String messageStream) {
        this.client = Objects.requireNonNull(client, "client");
        this.base = Objects.requireNonNull(base, "base");
        this.serverToken = Objects.requireNonNull(serverToken, "serverToken");
        this.messageStream = Objects.requireNonNull(messageStream, "messageStream");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TransportResult send(OutgoingMessage message) {
        Request request = new Request.Builder()
                .url(base.newBuilder().addPathSegment("email").build())
                .header("Accept", "application/json")
                .header("X-Postmark-Server-Token", serverToken)
                .post(RequestBody.create(body(message, messageStream).toString(), JSON))
                .build();
        return switch (client.call(request)) {
            case Reply.Unreachable u -> Outcomes.unreachable(NAME, u);
            case Reply.Answered a -> answer(a);
        };
    }

    private TransportResult answer(Reply.Answered answer) {
        if (answer.status() == 429 || answer.status() >= 500) {
            return Outcomes.refused(NAME, answer, client.clock());
        }
        int code = Outcomes.json(answer).map(node -> node.get("ErrorCode"))
                .filter(JsonNode::canConvertToInt).map(JsonNode::asInt)
                .orElse(answer.successful() ? 0 : -1);
        if (code == 0 && answer.successful()) {
            return new TransportResult.Accepted(NAME, answer.text(), Outcomes.text(answer, "MessageID"));
        }
        return switch (code) {
            case INACTIVE_RECIPIENT -> new TransportResult.RecipientRejected(NAME, answer.text());
            case BAD_TOKEN -> new TransportResult.PermanentFailure(NAME, answer.text(), Outcomes.AUTHENTICATION_FAILED);
            case -1 -> Outcomes.refused(NAME, answer, client.clock());
            default -> answer.status() == 401 || answer.status() == 403
                    ? new TransportResult.PermanentFailure(NAME, answer.text(), Outcomes.AUTHENTICATION_FAILED)
                    : new TransportResult.PermanentFailure(NAME, answer.text(), Outcomes.REJECTED);
        };
    }

    static ObjectNode body(OutgoingMessage message, String messageStream) {
        ObjectNode body = ApiClient.JSON.createObjectNode();
        body.put("From", message.from());
        body.put("To", Addresses.shownRecipient(message));
        if (!message.replyTo().isEmpty()) {
            body.put("ReplyTo", String.join(", ", message.replyTo()));
        }
        body.put("Subject", message.subject());
        message.html().ifPresent(html -> body.put("HtmlBody", html));
        message.text().ifPresent(text -> body.put("TextBody", text));
        ArrayNode headers = body.putArray("Headers");
        message.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase(ProviderJson.EMAIL_ID_HEADER)) {
                headers.addObject().put("Name", name).put("Value", value);
            }
        });
        headers.addObject().put("Name", ProviderJson.EMAIL_ID_HEADER).put("Value", message.emailId());
        if (!message.attachments().isEmpty()) {
            ArrayNode attachments = body.putArray("Attachments");
            for (MailAttachment a : message.attachments()) {
                attachments.addObject()
                        .put("Name", a.filename())
                        .put("Content", Base64.getEncoder().encodeToString(a.content()))
                        .put("ContentType", a.contentType());
            }
        }
        message.tags().stream().findFirst().ifPresent(tag -> body.put("Tag", tag));
        body.putObject("Metadata").put(ProviderJson.EMAIL_ID_KEY, message.emailId());
        body.put("MessageStream", messageStream);
        body.put("TrackOpens", false);
        body.put("TrackLinks", "None");
        return body;
    }

    /** Connections belong to the client every API transport shares; idle ones close by themselves. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "PostmarkTransport[" + base.host() + ", " + messageStream + "]";
    }

    String messageStream() {
        return messageStream;
    }
}
