package dev.postcard.bounces.intake;

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
 * The bounce mailbox, read from one URL:
 * {@code imaps://user:password@imap.example.com[:port]/INBOX?processed=Processed&interval=30s}.
 * <ul>
 *   <li>{@code imaps} is IMAP over TLS (port 993), {@code imap} plain (port 143; add {@code starttls=true} to
 *       require STARTTLS);</li>
 *   <li>user and password are percent-encoded ({@code p%40ss} for {@code p@ss});</li>
 *   <li>the path is the folder to read, {@code INBOX} when absent;</li>
 *   <li>{@code processed}: the folder handled mail is moved to (created when missing; default {@code Processed}),
 *       or {@code flag} to leave it in place marked {@code \Seen} and {@code PostcardProcessed};</li>
 *   <li>{@code interval}: the pause between polls, {@code 30s}, {@code 5m}, ... (default {@code 60s}).</li>
 * </ul>
 *
 * @param processedFolder empty in flag mode
 */
public record ImapMailboxSettings(boolean tls, boolean startTls, String host, int port, String user, String password,
                                  String folder, Optional<String> processedFolder, Duration interval) {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    public ImapMailboxSettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the IMAP poll interval must be positive");
        }
        if (processedFolder.filter(folder::equals).isPresent()) {
            throw new IllegalArgumentException("the processed folder must not be the folder that is read");
        }
    }

    /**
     * Reads the URL.
     *
     * @throws IllegalArgumentException saying what is wrong, never quoting the password
     */
    public static ImapMailboxSettings parse(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the IMAP URL is not a URL (encode special characters of the password with %XX)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("imap") && !scheme.equals("imaps") || uri.getHost() == null) {
            throw new IllegalArgumentException("the IMAP URL must look like imaps://user:password@host/INBOX");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || !userInfo.contains(":")) {
            throw new IllegalArgumentException("the IMAP URL must carry user:password@ before the host");
        }
        int colon = userInfo.indexOf(':');
        String user = decode(userInfo.substring(0, colon));
        String password = decode(userInfo.substring(colon + 1));
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        String folder = path.isEmpty() ? "INBOX" : decode(path);
        Optional<String> processed = Optional.of("Processed");
        Duration interval = Duration.ofSeconds(60);
        boolean startTls = false;
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (name) {
                    case "processed" -> {
                        if (value.isBlank()) {
                            throw new IllegalArgumentException("processed= names a folder, or is flag");
                        }
                        processed = value.equalsIgnoreCase("flag") ? Optional.empty() : Optional.of(value);
                    }
                    case "interval" -> interval = duration(value);
                    case "starttls" -> startTls = Boolean.parseBoolean(value);
                    default -> throw new IllegalArgumentException("unknown IMAP URL parameter " + name
                            + " (known: processed, interval, starttls)");
                }
            }
        }
        return new ImapMailboxSettings(scheme.equals("imaps"), startTls, uri.getHost(), uri.getPort(), user, password,
                folder, processed, interval);
    }

    /** The mailbox as it may be logged: without the password. */
    @Override
    public String toString() {
        return (tls ? "imaps" : "imap") + "://" + user + "@" + host + (port > 0 ? ":" + port : "") + "/" + folder
                + "?processed=" + processedFolder.orElse("flag") + "&interval=" + (interval.toMillis() % 1000 == 0 ? interval.toSeconds() + "s" : interval.toMillis() + "ms");
    }

    private static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("interval= must be a number with a unit: ms, s, m or h (got '" + text + "')");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** Percent-decoding as in a URL's user info: {@code +} stays a plus. */
    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the IMAP URL has a bad %-escape");
        }
    }
}
