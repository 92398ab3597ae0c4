package dev.postcard.storage;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading and redacting JDBC URLs, so that a password never reaches a log line or an exception message. */
final class JdbcUrls {
    private static final Pattern QUERY_PASSWORD = Pattern.compile("(?i)([?&;]password=)([^&;#]*)");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@?#]*)@");

    private JdbcUrls() {
    }

    static String redact(String jdbcUrl) {
        String withoutQueryPassword = QUERY_PASSWORD.matcher(jdbcUrl).replaceAll("$1***");
        return USER_INFO.matcher(withoutQueryPassword).replaceAll("//***@");
    }

    /** The secrets a URL and the options carry, to scrub from driver messages. */
    static Set<String> secrets(String jdbcUrl, Optional<String> password) {
        Set<String> secrets = new HashSet<>();
        password.filter(p -> !p.isEmpty()).ifPresent(secrets::add);
        Matcher query = QUERY_PASSWORD.matcher(jdbcUrl);
        while (query.find()) {
            if (!query.group(2).isEmpty()) {
                secrets.add(query.group(2));
                secrets.add(URLDecoder.decode(query.group(2), StandardCharsets.UTF_8));
            }
        }
        Matcher userInfo = USER_INFO.matcher(jdbcUrl);
        while (userInfo.find()) {
            int colon = userInfo.group(1).indexOf(':');
            if (colon >= 0 && colon < userInfo.group(1).length() - 1) {
                secrets.add(userInfo.group(1).substring(colon + 1));
            }
        }
        return Set.copyOf(secrets);
    }

    static String scrub(String text, Collection<String> secrets) {
        if (text == null) {
            return "";
        }
        String scrubbed = redact(text);
        for (String secret : secrets) {
            scrubbed = scrubbed.replace(secret, "***");
        }
        return scrubbed;
    }

    /** The database file of a {@code jdbc:sqlite:} URL; empty for in-memory and resource databases. */
    static Optional<Path> sqliteFile(String jdbcUrl) {
        String location = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = location.indexOf('?');
        if (query >= 0) {
            location = location.substring(0, query);
        }
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
        }
        if (location.isEmpty() || location.startsWith(":memory:") || location.startsWith(":resource:")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(location).toAbsolutePath());
    }
}
