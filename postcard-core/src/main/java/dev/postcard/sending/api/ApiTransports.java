package dev.postcard.sending.api;

import dev.postcard.InvalidInputException;
import dev.postcard.sending.Transport;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
    private static final Set<String> SCHEMES = Set.of(ResendTransport.NAME, SendGridTransport.NAME,
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
                yield new ResendTransport(client, base.orElse(ResendTransport.API), url.secret("the API key"));
            }
            case SendGridTransport.NAME -> {
                url.expect(SendGridTransport.API.host(), Set.of());
                yield new SendGridTransport(client, base.orElse(SendGridTransport.API), url.secret("the API key"));
            }
            case PostmarkTransport.NAME -> {
                url.expect(PostmarkTransport.API.host(), Set.of("message_stream"));
                String stream = url.option("message_stream").orElse(PostmarkTransport.DEFAULT_STREAM);
                if (!STREAM.matcher(stream).matches()) {
                    throw TransportUrl.invalid("postmark: message_stream must be a message stream id such as outbound");
                }
                yield new PostmarkTransport(client, base.orElse(PostmarkTransport.API), url.secret("the server token"), stream);
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
        return new MailgunTransport(client, base.orElse(api), domain.toLowerCase(Locale.ROOT), url.secret("the API key"));
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

    /** The parts of a transport URL, decoded; its {@code toString} leaves the secrets out. */
    private record TransportUrl(String scheme, Optional<String> user, Optional<String> password, String host, int port,
                                String path, Map<String, String> options) {
        static TransportUrl read(String url) {
            if (url == null || url.isBlank()) {
                throw invalid("a transport URL is empty");
            }
            URI uri;
            try {
                uri = new URI(url.strip());
            } catch (URISyntaxException e) {
                throw invalid("a transport URL is not a URL (URL-encode the key: '/' as %2F, '+' as %2B, '@' as %40)");
            }
            if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                throw invalid("a transport URL starts with one of " + String.join("://, ", SCHEMES.stream().sorted().toList()) + "://");
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null) {
                throw invalid(scheme + ": the URL has no host (URL-encode the key: '/' as %2F, '+' as %2B, '@' as %40)");
            }
            Optional<String> user = Optional.empty();
            Optional<String> password = Optional.empty();
            if (uri.getRawUserInfo() != null) {
                String info = uri.getRawUserInfo();
                int colon = info.indexOf(':');
                user = Optional.of(decode(scheme, colon < 0 ? info : info.substring(0, colon)));
                password = colon < 0 ? Optional.empty() : Optional.of(decode(scheme, info.substring(colon + 1)));
            }
            Map<String, String> options = new LinkedHashMap<>();
            if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
                for (String pair : uri.getRawQuery().split("&")) {
                    int eq = pair.indexOf('=');
                    String key = decode(scheme, eq < 0 ? pair : pair.substring(0, eq));
                    String value = eq < 0 ? "" : decode(scheme, pair.substring(eq + 1));
                    if (options.put(key, value) != null) {
                        throw invalid(scheme + ": the option " + key + " is given twice");
                    }
                }
            }
            if (uri.getRawFragment() != null) {
                throw invalid(scheme + ": a transport URL has no #fragment");
            }
            return new TransportUrl(scheme, user, password, uri.getHost().toLowerCase(Locale.ROOT), uri.getPort(),
                    uri.getRawPath() == null ? "" : decode(scheme, uri.getRawPath()), options);
        }

        void expect(String documentedHost, Set<String> allowedOptions) {
            if (!host.equals(documentedHost)) {
                throw invalid(scheme + ": the host must be " + documentedHost);
            }
            expectOptions(allowedOptions);
            expectNoPath();
        }

        void expectOptions(Set<String> allowed) {
            if (port != -1 && port != 443) {
                throw invalid(scheme + ": the API is reached on the HTTPS port; leave the port out");
            }
            for (String key : options.keySet()) {
                if (!allowed.contains(key)) {
                    throw invalid(scheme + ": unknown option '" + key + "'"
                            + (allowed.isEmpty() ? " (it takes none)" : "; known: " + String.join(", ", allowed)));
                }
            }
        }

        void expectNoPath() {
            if (!path.isEmpty() && !path.equals("/")) {
                throw invalid(scheme + ": the URL has no path");
            }
        }

        Optional<String> option(String key) {
            return Optional.ofNullable(options.get(key)).filter(v -> !v.isBlank());
        }

        String secret(String what) {
            return printable(what, user.filter(u -> !u.isBlank()).orElseThrow(() -> invalid(scheme + ": " + what
                    + " goes before the host, as in " + scheme + "://<key>@" + host)));
        }

        String password(String what) {
            return printable(what, password.filter(p -> !p.isBlank()).orElseThrow(() -> invalid(scheme + ": " + what
                    + " follows the access key id and a colon, as in ses://<access_key_id>:<secret_access_key>@" + host)));
        }

        /** Keys go into HTTP headers, which take visible ASCII only; anything else is a copying mistake. */
        private String printable(String what, String secret) {
            if (!secret.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw invalid(scheme + ": " + what + " has characters no provider's key has (spaces, control or non-ASCII characters)");
            }
            return secret;
        }

        private static String decode(String scheme, String raw) {
            try {
                // URLDecoder reads '+' as a space, which a URL's user part does not mean.
                return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalid(scheme + ": the URL has a broken %-escape");
            }
        }

        static InvalidInputException invalid(String message) {
            return new InvalidInputException(SETTING, SETTING + ": " + message);
        }

        @Override
        public String toString() {
            return scheme + "://***@" + host + path;
        }
    }
}
