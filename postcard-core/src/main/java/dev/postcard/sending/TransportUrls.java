package dev.postcard.sending;

import dev.postcard.InvalidInputException;
import dev.postcard.sending.api.ApiTransports;
import dev.postcard.sending.api.FailoverTransport;
import dev.postcard.sending.smtp.SmtpSettings;
import dev.postcard.sending.smtp.SmtpTransport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The transports the settings name: {@code POSTCARD_SMTP_URL} first when it is set, then each URL of
 * {@code POSTCARD_SEND_TRANSPORTS} in its order ({@code smtp://}, {@code smtps://} or a provider's API URL, see
 * {@link ApiTransports}). Each has a name, {@code ?name=} on its URL or else its kind ({@code smtp}, {@code resend},
 * ...), and may have a rate of its own, {@code ?rate=} hand-overs per second ({@link ConfiguredTransport}). A tenant
 * without a choice of its own tries them in this order for each message ({@link FailoverTransport}).
 */
public final class TransportUrls {
    public static final String SETTING = ApiTransports.SETTING;

    private TransportUrls() {
    }

    /** Checks every URL and that no two transports share a name now, so that a typo stops the start; opens nothing. */
    public static void check(Optional<String> smtpUrl, List<String> transports) {
        settings(smtpUrl, transports);
    }

    /** The engine's transports, named and paced as their URLs say, in order; none when nothing is configured. */
    public static List<Transport> open(Optional<String> smtpUrl, List<String> transports, Clock clock) {
        List<TransportSetting> settings = settings(smtpUrl, transports);
        List<Transport> opened = new ArrayList<>();
        for (TransportSetting setting : settings) {
            Transport transport = isSmtp(setting.url()) ? new SmtpTransport(SmtpSettings.parse(setting.url()), clock)
                    : ApiTransports.parse(setting.url());
            opened.add(new ConfiguredTransport(setting.name(), transport, setting.rate()));
        }
        return List.copyOf(opened);
    }

    private static List<TransportSetting> settings(Optional<String> smtpUrl, List<String> transports) {
        List<TransportSetting> settings = new ArrayList<>();
        smtpUrl.ifPresent(url -> {
            TransportSetting setting = TransportSetting.read(SmtpSettings.SETTING, url);
            SmtpSettings.parse(setting.url());
            settings.add(setting);
        });
        for (String url : transports) {
            TransportSetting setting = TransportSetting.read(SETTING, url);
            checkOne(setting.url());
            settings.add(setting);
        }
        Set<String> names = new HashSet<>();
        for (TransportSetting setting : settings) {
            if (!names.add(setting.name())) {
                throw new InvalidInputException(SETTING, (smtpUrl.isPresent() ? SmtpSettings.SETTING + " and " : "")
                        + SETTING + ": two transports are named '" + setting.name()
                        + "'; give each its own with ?name= on its URL");
            }
        }
        return settings;
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
