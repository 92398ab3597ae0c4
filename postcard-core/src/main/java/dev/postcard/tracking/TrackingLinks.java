package dev.postcard.tracking;

import dev.postcard.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Builds the public tracking URLs (DESIGN.md §4) put into emails:
 * {@code {public}{base}/track/open/{id}}, {@code .../track/click/{id}?url=U&sig=S} and
 * {@code .../track/unsubscribe/{id}?sig=S}.
 *
 * <p>The public URL may carry its own path (a reverse proxy mounting Postcard at {@code /pc}); the base path
 * is where the routes live inside Postcard. Both are normalised once here so no link ever has a double or
 * trailing slash, whichever way the operator wrote them.
 */
public final class TrackingLinks {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String trackRoot;
    private final ClickSigner signer;

    public TrackingLinks(String publicUrl, String basePath, ClickSigner signer) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.trackRoot = normalisePublicUrl(publicUrl) + normaliseBasePath(basePath) + "/track/";
    }

    /** Everything up to and including {@code /track/}: links starting with it are already ours. */
    public String trackRoot() {
        return trackRoot;
    }

    public ClickSigner signer() {
        return signer;
    }

    public String openUrl(String emailId) {
        return trackRoot + "open/" + encode(emailId);
    }

    public String clickUrl(String emailId, String url) {
        return trackRoot + "click/" + encode(emailId) + "?url=" + encode(url) + "&sig=" + signer.signClick(emailId, url);
    }

    public String unsubscribeUrl(String emailId) {
        return trackRoot + "unsubscribe/" + encode(emailId) + "?sig=" + signer.signUnsubscribe(emailId);
    }

    private static String normalisePublicUrl(String publicUrl) {
        if (publicUrl == null || publicUrl.isBlank()) {
            throw new InvalidInputException("public_url", "the public URL is required");
        }
        String trimmed = publicUrl.strip();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("public_url", "'" + trimmed + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new InvalidInputException("public_url", "'" + trimmed + "' must be an absolute http(s) URL");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidInputException("public_url", "'" + trimmed + "' must not have a query or fragment");
        }
        return stripSlashes(trimmed, false);
    }

    private static String normaliseBasePath(String basePath) {
        if (basePath == null) {
            return "";
        }
        String path = stripSlashes(basePath.strip(), true);
        return path.isEmpty() ? "" : "/" + path;
    }

    private static String stripSlashes(String text, boolean leadingToo) {
        int start = 0;
        int end = text.length();
        while (leadingToo && start < end && text.charAt(start) == '/') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '/') {
            end--;
        }
        return text.substring(start, end);
    }

    /**
     * Percent-encodes everything but RFC 3986 unreserved characters. Unlike {@code URLEncoder} (form
     * encoding) it never produces {@code +}, which some servers read back as a space in a path or query.
     */
    static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return out.toString();
    }
}
