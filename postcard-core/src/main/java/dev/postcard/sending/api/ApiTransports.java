package dev.postcard.sending.api;

import dev.postcard.InvalidInputException;
import dev.postcard.sending.Transport;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Reads the URL of one provider API transport, as given in {@value #SETTING}:
 *
 * <pre>
 * resend://&lt;api_key&gt;@api.resend.com
 * sendgrid://&lt;api_key&gt;@api.sendgrid.com
 * postmark://&lt;server_token&gt;@api.postmarkapp.com?message_stream=outbound
 * mailgun://&lt;api_key&gt;@api.mailgun.net/&lt;domain&gt;          (or api.eu.mailgun.net)
 * ses://&lt;access_key_id&gt;:&lt;secret_access_key&gt;@email.&lt;region&gt;.amazonaws.com?configuration_set=NAME
 * </pre>
 *
 * <p>Secrets are URL-encoded ({@code /} as {@code %2F}, {@code +} as {@code %2B}). The host must be the provider's
 * documented API host, so a mistyped or altered setting cannot send the credentials anywhere else; every call is
 * HTTPS. A URL that breaks a rule is an {@link InvalidInputException} naming {@value #SETTING} that never repeats
 * the URL, which holds the secret.
 */
public final class ApiTransports {
    public static final String SETTING = "POSTCARD_SEND_TRANSPORTS";
    static final Set<String> SCHEMES = Set.of(ResendTransport.NAME, SendGridTransport.NAME,
            PostmarkTransport.NAME, MailgunTransport.NAME, SesTransport.NAME);
    private static final Pattern DOMAIN = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");
    private static final Pattern STREAM = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Pattern CONFIGURATION_SET = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SES_HOST = Pattern.compile("email\\.(" + SesTransport.REGION.pattern() + ")\\.amazonaws\\.com");

    private ApiTransports() {
    }

    /** Whether {@code url} names one of the API transports by its scheme (the others are for other readers). */
    public static boolean handles(String url) {
        int colon = url.indexOf("://");
        return colon > 0 && SCHEMES.contains(url.substring(0, colon).strip().toLowerCase(Locale.ROOT));
    }

    /** The transport {@code url} describes, sharing one HTTP client with every other API transport. */
    public static Transport parse(String url) {
        return build(TransportUrl.read(url), ApiClient.shared(), Optional.empty());
    }

    /** For tests: the transport {@code url} describes, calling {@code base} (a local stand-in) instead of its host. */
    static Transport parse(String url, ApiClient client, HttpUrl base) {
        return build(TransportUrl.read(url), client, Optional.of(base));
    }

    private static Transport build(TransportUrl url, ApiClient client, Optional<HttpUrl> base) {
        return switch (url.scheme()) {
            case ResendTransport.NAME -> {
                url.expect(ResendTransport.API.host(), Set.of());
                yield new ResendTransport(client, base.orElse(ResendTransport.API), url.key("the API key"));
            }
            case SendGridTransport.NAME -> {
                url.expect(SendGridTransport.API.host(), Set.of());
                yield new SendGridTransport(client, base.orElse(SendGridTransport.API), url.key("the API key"));
            }
            case PostmarkTransport.NAME -> {
                url.expect(PostmarkTransport.API.host(), Set.of("message_stream"));
                String stream = url.option("message_stream").orElse(PostmarkTransport.DEFAULT_STREAM);
                if (!STREAM.matcher(stream).matches()) {
                    throw TransportUrl.invalid("postmark: message_stream must be a message stream id such as outbound");
                }
                yield new PostmarkTransport(client, base.orElse(PostmarkTransport.API), url.key("the server token"), stream);
            }
            case MailgunTransport.NAME -> mailgun(url, client, base);
            case SesTransport.NAME -> ses(url, client, base);
            default -> throw TransportUrl.invalid("'" + url.scheme() + "' is not a provider API transport; use one of "
                    + String.join(", ", SCHEMES.stream().sorted().toList()));
        };
    }

    private static Transport mailgun(TransportUrl url, ApiClient client, Optional<HttpUrl> base) {
        HttpUrl api = MailgunTransport.apiFor(url.host()).orElseThrow(() -> TransportUrl.invalid(
                "mailgun: the host must be api.mailgun.net or api.eu.mailgun.net"));
        url.expectOptions(Set.of());
        String domain = url.path().startsWith("/") ? url.path().substring(1) : url.path();
        if (!DOMAIN.matcher(domain).matches()) {
            throw TransportUrl.invalid("mailgun: the path must be the sending domain, as in mailgun://<api_key>@"
                    + api.host() + "/mg.example.com");
        }
        return new MailgunTransport(client, base.orElse(api), domain.toLowerCase(Locale.ROOT), url.key("the API key"));
    }

    private static Transport ses(TransportUrl url, ApiClient client, Optional<HttpUrl> base) {
        var host = SES_HOST.matcher(url.host());
        if (!host.matches()) {
            throw TransportUrl.invalid("ses: the host must be email.<region>.amazonaws.com, as in email.eu-west-1.amazonaws.com");
        }
        url.expectOptions(Set.of("configuration_set"));
        url.expectNoPath();
        Optional<String> set = url.option("configuration_set");
        if (set.isPresent() && !CONFIGURATION_SET.matcher(set.get()).matches()) {
            throw TransportUrl.invalid("ses: configuration_set must be a configuration set name (letters, digits, - and _)");
        }
        String region = host.group(1);
        return new SesTransport(client, base.orElse(SesTransport.apiFor(region)), region,
                url.secret("the access key id"), url.password("the secret access key"), set);
    }
}
