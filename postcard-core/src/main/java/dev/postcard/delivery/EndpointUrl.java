package dev.postcard.delivery;

import dev.postcard.InvalidInputException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * A webhook endpoint URL that passed validation: absolute, {@code https} (also {@code http} when the policy
 * allows private networks), with a host, no credentials (they would end up in logs), no fragment, a port in
 * 1-65535, at most {@value #MAX_LENGTH} characters. A host written as an IP address is checked against the
 * {@link AddressPolicy} here; a host name is not looked up — that happens on every delivery, through
 * {@link GuardedResolver}, because DNS answers change.
 *
 * <p>An IPv4 address must be written as four decimal numbers. Other spellings ({@code 2130706433},
 * {@code 0x7f.1}, {@code 017700000001}, {@code 127.1}, {@code 0177.0.0.1}) are refused: resolvers disagree
 * on them — the JDK reads {@code 0177.0.0.1} as {@code 177.0.0.1} where curl, browsers and the C library read
 * {@code 127.0.0.1} — so no check of one reading can vouch for another.
 *
 * <p>The normalised {@link #uri()} has a lower-case scheme and host, no default port, no dot segments and a
 * path of at least {@code /}.
 */
final class EndpointUrl {
    public static final int MAX_LENGTH = 2048;
    private static final String FIELD = "url";
    /** What an operator who runs receivers on a private network needs to know, said where it is refused. */
    private static final String PRIVATE_NETWORKS_HINT = "; receivers on private networks and plain http are allowed"
            + " when the server runs with POSTCARD_ALLOW_PRIVATE_NETWORKS=true";
    private static final String MISSING_HOST = "must be an absolute URL with a host, such as https://example.com/webhooks";
    // WHATWG URL: a host whose last label is a number is an IPv4 address, in whatever spelling.
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9A-Fa-f]*");
    private static final Pattern DOTTED_QUAD =
            Pattern.compile("(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");

    private final URI uri;
    private final String host;
    private final int port;
    private final Optional<InetAddress> literalAddress;
    /** The sender's form of {@link #uri}, made on the first attempt; racing threads make equal ones. */
    private HttpUrl requestUrl;

    private EndpointUrl(URI uri, String host, int port, Optional<InetAddress> literalAddress) {
        this.uri = uri;
        this.host = host;
        this.port = port;
        this.literalAddress = literalAddress;
    }

    public static EndpointUrl parse(String url, AddressPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        if (url == null || url.isBlank()) {
            throw invalid("a URL is required");
        }
        if (url.length() > MAX_LENGTH) {
            throw invalid("is " + url.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        URI parsed;
        try {
            parsed = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
        if (!parsed.isAbsolute()) {
            throw invalid(MISSING_HOST);
        }
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        boolean httpAllowed = policy.allowsPrivateNetworks();
        if (!scheme.equals("https") && !(httpAllowed && scheme.equals("http"))) {
            throw invalid("must use " + (httpAllowed ? "https or http" : "https") + ", not " + scheme
                    + (scheme.equals("http") ? PRIVATE_NETWORKS_HINT : ""));
        }
        if (parsed.isOpaque() || parsed.getRawAuthority() == null) {
            throw invalid(MISSING_HOST);
        }
        // Checked on the raw authority: URI reports no user info when the rest of the authority is odd.
        if (parsed.getRawAuthority().contains("@")) {
            throw invalid("must not contain a user name or password; credentials in URLs end up in logs");
        }
        if (parsed.getRawFragment() != null) {
            throw invalid("must not have a fragment (#...)");
        }
        if (parsed.getHost() == null) {
            throw invalidHost(parsed.getRawAuthority());
        }
        int port = parsed.getPort() == -1 ? defaultPort(scheme) : parsed.getPort();
        if (port < 1 || port > 65535) {
            throw invalid("port " + port + " is outside 1-65535");
        }
        String host = parsed.getHost().toLowerCase(Locale.ROOT);
        Optional<InetAddress> literal = Optional.empty();
        if (host.startsWith("[")) {
            literal = Optional.of(ipv6Literal(host.substring(1, host.length() - 1)));
            host = host.substring(1, host.length() - 1);
        } else if (endsInNumber(host)) {
            literal = Optional.of(ipv4Literal(host));
            host = literal.get().getHostAddress();
        } else if (isLocalhost(host) && !policy.allowsPrivateNetworks()) {
            // RFC 6761: these names are the local host whatever DNS says; the resolver would catch them too.
            throw invalid("host '" + host + "' is not allowed as a webhook destination (loopback)");
        }
        literal.ifPresent(address -> check(policy, address));

        String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
                + (port == defaultPort(scheme) ? "" : ":" + port);
        String path = parsed.getRawPath() == null || parsed.getRawPath().isEmpty() ? "/" : parsed.getRawPath();
        String query = parsed.getRawQuery() == null ? "" : "?" + parsed.getRawQuery();
        URI normalised = URI.create(scheme + "://" + authority + path + query).normalize();
        return new EndpointUrl(normalised, host, port, literal);
    }

    public URI uri() {
        return uri;
    }

    /** The host to resolve and to name in TLS and the {@code Host} header; an IPv6 address without brackets. */
    public String host() {
        return host;
    }

    /** The port to connect to, the scheme's default when the URL names none. */
    public int port() {
        return port;
    }

    public boolean https() {
        return uri.getScheme().equals("https");
    }

    /** {@link #uri()} as the HTTP client takes it; null when the client cannot request it (not expected). */
    HttpUrl requestUrl() {
        HttpUrl url = requestUrl;
        if (url == null) {
            url = HttpUrl.parse(uri.toString());
            requestUrl = url;
        }
        return url;
    }

    /** The address the host names, when the URL gives an IP address instead of a host name. */
    public Optional<InetAddress> literalAddress() {
        return literalAddress;
    }

    private static InetAddress ipv6Literal(String text) {
        if (text.indexOf('%') >= 0) {
            throw invalid("address [" + text + "] must not name a network interface (%...)");
        }
        try {
            // With a colon in it, getByName parses an IPv6 literal or fails; it never looks a name up.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw invalid("[" + text + "] is not a valid IPv6 address");
        }
    }

    private static InetAddress ipv4Literal(String host) {
        String text = withoutTrailingDot(host);
        if (!DOTTED_QUAD.matcher(text).matches()) {
            throw invalid("host '" + host + "' is not a plain IPv4 address; write IPv4 addresses as four decimal"
                    + " numbers without leading zeros, such as 93.184.216.34");
        }
        String[] parts = text.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(parts[i]);
            if (octet > 255) {
                throw invalid("host '" + host + "' is not a valid IPv4 address: " + octet + " is above 255");
            }
            bytes[i] = (byte) octet;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static boolean endsInNumber(String host) {
        String text = withoutTrailingDot(host);
        return NUMERIC_LABEL.matcher(text.substring(text.lastIndexOf('.') + 1)).matches();
    }

    private static void check(AddressPolicy policy, InetAddress address) {
        AddressVerdict verdict = policy.check(address);
        if (verdict.refused()) {
            String shown = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
            boolean liftable = !policy.allowsPrivateNetworks()
                    && !AddressPolicy.allowingPrivateNetworks().check(address).refused();
            throw invalid("address " + shown + " is not allowed as a webhook destination ("
                    + verdict.reason().orElseThrow() + ")" + (liftable ? PRIVATE_NETWORKS_HINT : ""));
        }
    }

    private static boolean isLocalhost(String host) {
        String name = withoutTrailingDot(host);
        return name.equals("localhost") || name.endsWith(".localhost");
    }

    private static String withoutTrailingDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    // URI leaves the host out when the authority is not a server name it understands; say why when we can.
    private static InvalidInputException invalidHost(String authority) {
        String host = authority.startsWith("[") || authority.lastIndexOf(':') < 0
                ? authority
                : authority.substring(0, authority.lastIndexOf(':'));
        if (!host.chars().allMatch(c -> c < 0x80)) {
            return invalid("host '" + host + "' must be written in its ASCII form (xn--...)");
        }
        if (host.indexOf('%') >= 0) {
            return invalid("host '" + host + "' must not contain percent-encoded characters");
        }
        if (!host.isEmpty() && endsInNumber(host.toLowerCase(Locale.ROOT))) {
            ipv4Literal(host); // throws with the reason the spelling is refused
        }
        return invalid("'" + authority + "' is not a valid host name and port");
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(FIELD, message);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EndpointUrl that && uri.equals(that.uri);
    }

    @Override
    public int hashCode() {
        return uri.hashCode();
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
