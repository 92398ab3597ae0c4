package dev.postcard.storage;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A database URL as operators are handed one, read into the JDBC URL the pool opens and the credentials it
 * carried. JDBC URLs ({@code jdbc:sqlite:FILE}, {@code jdbc:postgresql://...}) are taken as they are; PostgreSQL's
 * own URI form ({@code postgres://user:password@host:5432/db?sslmode=require}, also {@code postgresql://}), which
 * hosting providers give out and the JDBC driver does not read, becomes {@code jdbc:postgresql://host:5432/db
 * ?sslmode=require} with the user and the password (percent-decoded) passed to the pool instead of the URL. The
 * query parameters are passed on as they are: the driver reads the common ones ({@code sslmode},
 * {@code sslrootcert}, {@code connectTimeout}...).
 *
 * @param user     the user the URL named, if any
 * @param password the password the URL named, if any
 */
record DatabaseUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {
    /** libpq's host list: names, IPv4 or bracketed IPv6 addresses, each with an optional port. */
    private static final Pattern HOSTS = Pattern.compile(
            "(?:[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\])(?::\\d{1,5})?(?:,(?:[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\])(?::\\d{1,5})?)*");

    static DatabaseUrl parse(String given) {
        String url = given.strip();
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:")) {
            return new DatabaseUrl(url, Optional.empty(), Optional.empty());
        }
        for (String scheme : new String[] {"postgresql://", "postgres://"}) {
            if (lower.startsWith(scheme)) {
                return fromUri(url.substring(scheme.length()), url);
            }
        }
        throw new IllegalArgumentException("unsupported database URL (use jdbc:sqlite:FILE, jdbc:postgresql://..., "
                + "postgres://... or postgresql://...): " + redacted(url));
    }

    /** {@code [user[:password]@][host[:port][,...]][/dbname][?params]}, after the scheme. */
    private static DatabaseUrl fromUri(String rest, String whole) {
        String params = "";
        int query = rest.indexOf('?');
        if (query >= 0) {
            params = rest.substring(query + 1);
            rest = rest.substring(0, query);
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = Optional.of(decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo, whole))
                    .filter(u -> !u.isEmpty());
            password = colon >= 0 ? Optional.of(decode(userInfo.substring(colon + 1), whole)) : Optional.empty();
        }
        int slash = rest.indexOf('/');
        String hosts = slash >= 0 ? rest.substring(0, slash) : rest;
        String database = slash >= 0 ? rest.substring(slash + 1) : "";
        if (hosts.isEmpty()) {
            hosts = "localhost";
        }
        if (!HOSTS.matcher(hosts).matches()) {
            throw new IllegalArgumentException("database URL: not a host name or address: " + redacted(whole));
        }
        if (database.contains("/")) {
            throw new IllegalArgumentException("database URL: a database name cannot hold '/': "
                    + redacted(whole));
        }
        String jdbc = "jdbc:postgresql://" + hosts + "/" + database + (params.isEmpty() ? "" : "?" + params);
        return new DatabaseUrl(jdbc, user, password);
    }

    /**
     * The URL without what stands between the scheme and the last {@code @} before the query: the user and the
     * password, even when the password holds a {@code /} or an {@code @} that was not percent-encoded.
     */
    static String redacted(String url) {
        int scheme = url.indexOf("://");
        int query = url.indexOf('?');
        int at = url.lastIndexOf('@', query >= 0 ? query : url.length());
        String withoutUser = scheme >= 0 && at > scheme ? url.substring(0, scheme + 3) + "***" + url.substring(at) : url;
        return JdbcUrls.redact(withoutUser);
    }

    private static String decode(String part, String whole) {
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("database URL: bad percent-encoding in the user or password: "
                    + redacted(whole));
        }
    }
}
