package dev.postcard.sending.smtp;

import dev.postcard.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relay, read from {@code POSTCARD_SMTP_URL}:
 * <ul>
 *   <li>{@code smtp://[user[:password]@]host[:port]}: port 587, STARTTLS required (a relay that does not offer it
 *       gets no message); {@code ?starttls=optional} uses it when offered and sends in plain otherwise;</li>
 *   <li>{@code smtps://[user[:password]@]host[:port]}: TLS from the first byte, port 465;</li>
 *   <li>user and password are percent-encoded ({@code p%40ss} for {@code p@ss}); with a user, Postcard
 *       authenticates;</li>
 *   <li>{@code pool=N}: connections kept open and reused across messages, 1 to 100 (default 4);</li>
 *   <li>{@code timeout=30s}: for connecting and for each read and write ({@code ms}, {@code s} or {@code m}).</li>
 * </ul>
 *
 * @param password empty when the URL names no user, or a user without a password
 */
public record SmtpSettings(Security security, String host, int port, Optional<String> user, Optional<String> password,
                           int pool, Duration timeout) {
    public static final String SETTING = "POSTCARD_SMTP_URL";
    public static final int DEFAULT_POOL = 4;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

    /** How the connection is protected. */
    public enum Security {
        /** {@code smtp://}: STARTTLS or nothing is sent. */
        STARTTLS_REQUIRED,
        /** {@code smtp://...?starttls=optional}: STARTTLS when the relay offers it, plain text otherwise. */
        STARTTLS_OPTIONAL,
        /** {@code smtps://}: TLS from the first byte. */
        IMPLICIT_TLS
    }

    public SmtpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is required");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535");
        }
        if (pool < 1 || pool > 100) {
            throw new IllegalArgumentException("pool must be 1 to 100");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (user.isEmpty() && password.isPresent()) {
            throw new IllegalArgumentException("a password needs a user");
        }
    }

    /**
     * Reads the URL.
     *
     * @throws InvalidInputException naming {@value #SETTING}, saying what is wrong and never quoting the password
     */
    public static SmtpSettings parse(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw invalid("is not a URL (encode special characters of the user and password with %XX)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("smtp") && !scheme.equals("smtps") || uri.getHost() == null) {
            throw invalid("must look like smtp://user:password@host:port or smtps://user:password@host:port");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                || uri.getRawFragment() != null) {
            throw invalid("has no path: the relay is named by its host and port");
        }
        boolean implicitTls = scheme.equals("smtps");
        Security security = implicitTls ? Security.IMPLICIT_TLS : Security.STARTTLS_REQUIRED;
        int pool = DEFAULT_POOL;
        Duration timeout = DEFAULT_TIMEOUT;
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1)).strip().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "starttls" -> security = startTls(value, implicitTls);
                    case "pool" -> pool = pool(value);
                    case "timeout" -> timeout = timeout(value);
                    default -> throw invalid("has an unknown parameter " + name + " (known: starttls, pool, timeout, name, rate)");
                }
            }
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            password = colon < 0 ? Optional.empty() : Optional.of(decode(userInfo.substring(colon + 1)));
            if (user.get().isEmpty()) {
                throw invalid("names an empty user");
            }
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : implicitTls ? 465 : 587;
        try {
            return new SmtpSettings(security, host, port, user, password, pool, timeout);
        } catch (IllegalArgumentException e) {
            throw invalid("has a bad value: " + e.getMessage());
        }
    }

    /** The relay as it may be logged: the URL without the password. */
    @Override
    public String toString() {
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        String query = switch (security) {
            case STARTTLS_OPTIONAL -> "?starttls=optional&";
            default -> "?";
        };
        return (security == Security.IMPLICIT_TLS ? "smtps" : "smtp") + "://"
                + user.map(u -> escapeUser(u) + (password.isPresent() ? ":****" : "") + "@").orElse("")
                + hostPart + ":" + port + query + "pool=" + pool + "&timeout=" + timeout.toMillis() + "ms";
    }

    private static Security startTls(String value, boolean implicitTls) {
        if (implicitTls) {
            throw invalid("starttls applies to smtp://, not to smtps:// (TLS from the first byte)");
        }
        return switch (value) {
            case "required" -> Security.STARTTLS_REQUIRED;
            case "optional" -> Security.STARTTLS_OPTIONAL;
            default -> throw invalid("starttls must be required or optional (got '" + value + "')");
        };
    }

    private static int pool(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= 100) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below, as an out-of-range number is
        }
        throw invalid("pool must be a number of connections from 1 to 100 (got '" + value + "')");
    }

    private static Duration timeout(String value) {
        Matcher m = DURATION.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
            if (!d.isZero() && d.toMillis() <= Integer.MAX_VALUE) {
                return d;
            }
        }
        throw invalid("timeout must be a positive number with a unit: ms, s or m (got '" + value + "')");
    }

    /** Percent-decoding as in a URL's user info: {@code +} stays a plus. */
    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("has a bad %-escape");
        }
    }

    private static InvalidInputException invalid(String what) {
        return new InvalidInputException(SETTING, SETTING + " " + what);
    }

    /** The user as it appears in the logged URL: the characters that would end the user info escaped. */
    private static String escapeUser(String user) {
        StringBuilder out = new StringBuilder();
        for (char c : user.toCharArray()) {
            out.append(c == '@' || c == ':' || c == '%' || c == '/' ? String.format("%%%02X", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
