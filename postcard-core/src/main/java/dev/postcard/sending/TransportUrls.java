package dev.postcard.sending;

import dev.postcard.InvalidInputException;
import dev.postcard.sending.api.ApiTransports;
import dev.postcard.sending.api.FailoverTransport;
import dev.postcard.sending.smtp.SmtpSettings;
import dev.postcard.sending.smtp.SmtpTransport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The transports the settings name, as one: {@code POSTCARD_SMTP_URL} first when it is set, then each URL of
 * {@code POSTCARD_SEND_TRANSPORTS} in its order ({@code smtp://}, {@code smtps://} or a provider's API URL, see
 * {@link ApiTransports}). Several are tried in that order for each message ({@link FailoverTransport}).
 */
public final class TransportUrls {
    public static final String SETTING = ApiTransports.SETTING;

    private TransportUrls() {
    }

    /** Checks every URL now, so that a typo stops the start rather than the first send; opens nothing. */
    public static void check(Optional<String> smtpUrl, List<String> transports) {
        smtpUrl.ifPresent(SmtpSettings::parse);
        transports.forEach(TransportUrls::checkOne);
    }

    /** The transport for the engine: none when nothing is configured. */
    public static Optional<Transport> open(Optional<String> smtpUrl, List<String> transports, Clock clock) {
        check(smtpUrl, transports);
        List<Transport> opened = new ArrayList<>();
        smtpUrl.ifPresent(url -> opened.add(new SmtpTransport(SmtpSettings.parse(url), clock)));
        for (String url : transports) {
            opened.add(isSmtp(url) ? new SmtpTransport(SmtpSettings.parse(url), clock) : ApiTransports.parse(url));
        }
        return switch (opened.size()) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(opened.getFirst());
            default -> Optional.of(new FailoverTransport(opened));
        };
    }

    private static void checkOne(String url) {
        if (isSmtp(url)) {
            try {
                SmtpSettings.parse(url);
            } catch (InvalidInputException e) {
                // The same rules as POSTCARD_SMTP_URL, named as the setting the URL came from.
                throw new InvalidInputException(SETTING, e.getMessage().replace(SmtpSettings.SETTING, SETTING));
            }
        } else if (ApiTransports.handles(url)) {
            ApiTransports.parse(url);
        } else {
            throw new InvalidInputException(SETTING, SETTING + " holds a URL of no known transport: each is smtp://, "
                    + "smtps://, resend://, sendgrid://, postmark://, mailgun:// or ses://");
        }
    }

    private static boolean isSmtp(String url) {
        String lower = url.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("smtp://") || lower.startsWith("smtps://");
    }
}
