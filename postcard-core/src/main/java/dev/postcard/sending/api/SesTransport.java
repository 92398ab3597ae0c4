package dev.postcard.sending.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.providers.ProviderJson;
import dev.postcard.providers.ses.SesProvider;
import dev.postcard.sending.OutgoingMessage;
import dev.postcard.sending.smtp.MimeComposer;
import dev.postcard.sending.Transport;
import dev.postcard.sending.TransportResult;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Sends through Amazon SES API v2 ({@code POST /v2/email/outbound-emails} on {@code email.<region>.amazonaws.com}),
 * signed with {@code SigV4} (service {@code ses}).
 *
 * <p>SES can deliver to an envelope apart from the headers, through {@code Content.Raw}: the MIME message
 * ({@code MimeComposer}) shows the send's {@code To} and {@code Cc} while {@code Destination.ToAddresses} names this
 * copy's recipient only. Raw is used whenever the message has attachments or headers of its own, or shows other
 * recipients; {@code Content.Simple} otherwise (then SES builds the message from {@code FromEmailAddress},
 * {@code Destination} and the bodies). Our email id is the message tag {@code postcard_email_id}, which SES
 * event publishing returns in {@code mail.tags}; SES tags are name/value pairs, so the send's own tags are not
 * passed on. {@code ConfigurationSetName} is sent when configured (event publishing needs one, unless the
 * identity has a default set).
 *
 * <p>Answers: 200 with {@code MessageId} → accepted; 429 and the throttling errors ({@code TooManyRequestsException},
 * {@code LimitExceededException}, {@code Throttling}, named in {@code x-amzn-ErrorType}) → temporary; 401/403
 * (a bad key or signature) → {@code authentication_failed}; other 4xx ({@code MessageRejected},
 * {@code MailFromDomainNotVerifiedException}, {@code AccountSuspendedException}, ...) → failed for good with SES's
 * {@code message}. SES refuses no recipient at the API: an address on the account's suppression list is
 * accepted and reported as a bounce through event publishing.
 */
public final class SesTransport implements Transport {
    /** The provider's name, as its webhooks' source and as {@code data.transport} / {@code data.provider}. */
    public static final String NAME = SesProvider.NAME;
    static final String SERVICE = "ses";
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final MediaType JSON = MediaType.get("application/json");
    private static final String PATH = "/v2/email/outbound-emails";

    private final ApiClient client;
    private final HttpUrl base;
    private final SigV4 signer;
    private final String region;
    private final Optional<String> configurationSet;

    SesTransport(ApiClient client, HttpUrl base, String region, String accessKeyId, String secretAccessKey,
            Optional<String> configurationSet) {
        this.client = Objects.requireNonNull(client, "client");
        this.base = Objects.requireNonNull(base, "base");
        this.region = Objects.requireNonNull(region, "region");
        this.signer = new SigV4(accessKeyId, secretAccessKey, region, SERVICE);
        this.configurationSet = Objects.requireNonNull(configurationSet, "configurationSet");
    }

    /** The documented endpoint of a region: {@code https://email.<region>.amazonaws.com/}. */
    static HttpUrl apiFor(String region) {
        return HttpUrl.get("https://email." + region + ".amazonaws.com/");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TransportResult send(OutgoingMessage message) {
        byte[] payload = body(message).toString().getBytes(StandardCharsets.UTF_8);
        HttpUrl url = base.newBuilder().encodedPath(PATH).build();
        String host = hostHeader(url);
        SigV4.Signed signed = signer.sign("POST", PATH, List.of(),
                List.of(Map.entry("host", host), Map.entry("content-type", JSON.toString())),
                payload, client.clock().instant());
        Request request = new Request.Builder()
                .url(url)
                .header("Host", host)
                .header(SigV4.DATE_HEADER, signed.amzDate())
                .header("Authorization", signed.authorization())
                .post(RequestBody.create(payload, JSON))
                .build();
        return switch (client.call(request)) {
            case Reply.Unreachable u -> Outcomes.unreachable(NAME, u);
            case Reply.Answered a when a.successful() ->
                    new TransportResult.Accepted(NAME, a.text(), Outcomes.text(a, "MessageId"));
            case Reply.Answered a when throttled(a) ->
                    new TransportResult.TemporaryFailure(NAME, a.text(), Outcomes.retryAfter(a, client.clock()));
            case Reply.Answered a -> Outcomes.refused(NAME, a, client.clock());
        };
    }

    private static boolean throttled(Reply.Answered answer) {
        String type = Optional.ofNullable(answer.headers().get("x-amzn-ErrorType")).orElse("");
        return type.startsWith("TooManyRequestsException") || type.startsWith("LimitExceededException")
                || type.startsWith("Throttling");
    }

    /** Raw when the message carries what {@code Content.Simple} cannot: attachments, headers, other recipients. */
    static boolean needsRaw(OutgoingMessage message) {
        return !message.attachments().isEmpty() || !message.headers().isEmpty() || !Addresses.showsOnlyItsRecipient(message);
    }

    ObjectNode body(OutgoingMessage message) {
        ObjectNode body = ApiClient.JSON.createObjectNode();
        ObjectNode content = body.putObject("Content");
        if (needsRaw(message)) {
            body.putObject("Destination").putArray("ToAddresses").add(message.envelopeTo());
            content.putObject("Raw").put("Data",
                    Base64.getEncoder().encodeToString(new MimeComposer(client.clock()).bytes(message)));
        } else {
            body.put("FromEmailAddress", MimeComposer.address("from", message.from()).toString());
            body.putObject("Destination").putArray("ToAddresses")
                    .add(MimeComposer.address("to", Addresses.shownRecipient(message)).toString());
            if (!message.replyTo().isEmpty()) {
                var replyTo = body.putArray("ReplyToAddresses");
                message.replyTo().forEach(r -> replyTo.add(MimeComposer.address("replyTo", r).toString()));
            }
            ObjectNode simple = content.putObject("Simple");
            simple.putObject("Subject").put("Data", message.subject()).put("Charset", "UTF-8");
            ObjectNode bodies = simple.putObject("Body");
            message.text().ifPresent(text -> bodies.putObject("Text").put("Data", text).put("Charset", "UTF-8"));
            message.html().ifPresent(html -> bodies.putObject("Html").put("Data", html).put("Charset", "UTF-8"));
        }
        body.putArray("EmailTags").addObject().put("Name", ProviderJson.EMAIL_ID_KEY).put("Value", message.emailId());
        configurationSet.ifPresent(set -> body.put("ConfigurationSetName", set));
        return body;
    }

    /** The {@code Host} header as OkHttp would send it, which is what must be signed. */
    private static String hostHeader(HttpUrl url) {
        String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
        return url.port() == HttpUrl.defaultPort(url.scheme()) ? host : host + ":" + url.port();
    }

    String region() {
        return region;
    }

    Optional<String> configurationSet() {
        return configurationSet;
    }

    /** Connections belong to the client every API transport shares; idle ones close by themselves. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "SesTransport[" + region.toLowerCase(Locale.ROOT) + "]";
    }
}
