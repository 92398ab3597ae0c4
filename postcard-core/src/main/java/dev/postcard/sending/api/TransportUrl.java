package dev.postcard.sending.api;

import dev.postcard.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The parts of a transport URL, decoded; its {@code toString} leaves the secrets out. */
record TransportUrl(String scheme, Optional<String> user, Optional<String> password, String host, int port,
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
        if (uri.getScheme() == null || !ApiTransports.SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw invalid("a transport URL starts with one of " + String.join("://, ", ApiTransports.SCHEMES.stream().sorted().toList()) + "://");
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
                // name and rate are read off before this parser sees the URL (TransportSetting), but are options too.
                throw invalid(scheme + ": unknown option '" + key + "'; known: " + String.join(", ",
                        allowed.stream().sorted().toList()) + (allowed.isEmpty() ? "" : ", ") + "name, rate");
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

    /** The one secret of a provider that takes a key alone: a second part after a colon is a mistake. */
    String key(String what) {
        if (password.isPresent()) {
            throw invalid(scheme + ": " + what + " is the whole part before the host, without a colon"
                    + " (URL-encode a colon in it as %3A)");
        }
        return secret(what);
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
        return new InvalidInputException(ApiTransports.SETTING, ApiTransports.SETTING + ": " + message);
    }

    @Override
    public String toString() {
        return scheme + "://***@" + host + path;
    }
}
