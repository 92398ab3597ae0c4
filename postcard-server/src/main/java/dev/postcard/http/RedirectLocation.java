package dev.postcard.http;

import java.net.IDN;
import java.nio.charset.StandardCharsets;

/**
 * The {@code Location} header value for a signed click target. Links in emails are often IRIs (non-ASCII
 * hosts, paths and queries) or carry spaces and braces that browsers accept; a header carries only ASCII, so
 * the target is written as the URI a browser would request: an internationalised host in its ASCII (IDNA)
 * form, every other character outside the printable ASCII range or unsafe in a URL percent-encoded as UTF-8.
 * Existing percent-escapes, {@code ?}, {@code #} and {@code &} are kept, so an ASCII URL is sent unchanged.
 */
final class RedirectLocation {
    private static final String UNSAFE = "\"<>\\^`{|}";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RedirectLocation() {
    }

    static String of(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            return encode(url);
        }
        int hostStart = schemeEnd + 3;
        int authorityEnd = hostStart;
        while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String authority = url.substring(hostStart, authorityEnd);
        int at = authority.lastIndexOf('@');
        String userInfo = authority.substring(0, at + 1);
        String hostAndPort = authority.substring(at + 1);
        int colon = hostAndPort.startsWith("[") ? hostAndPort.indexOf(':', hostAndPort.indexOf(']'))
                : hostAndPort.indexOf(':');
        String host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
        String port = colon < 0 ? "" : hostAndPort.substring(colon);
        return url.substring(0, hostStart) + encode(userInfo) + asciiHost(host) + encode(port)
                + encode(url.substring(authorityEnd));
    }

    private static String asciiHost(String host) {
        if (host.chars().allMatch(c -> c < 0x80)) {
            return encode(host);
        }
        try {
            return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return encode(host); // not a valid IDN: browsers percent-decode the host and try again themselves
        }
    }

    private static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c <= 0x20 || c >= 0x7F || UNSAFE.indexOf(c) >= 0) {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }
}
