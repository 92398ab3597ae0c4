package dev.postcard.providers;

import dev.postcard.bounces.Diagnosis;
import dev.postcard.bounces.Reason;
import dev.postcard.bounces.reasons.ReasonRules;
import dev.postcard.event.BounceReason;
import dev.postcard.event.BounceType;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a provider's bounce says, read by the same reason rules as bounce mail (docs/bounces.md "Reasons"): one
 * classifier, so an SMTP reply means the same whether it arrives in a webhook or in a returned message. Providers
 * that classify bounces themselves map their own classes and use this only for what they leave open.
 */
public final class BounceReasons {
    private static final Pattern ENHANCED = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.])");
    private static final ReasonRules RULES = new ReasonRules();

    private BounceReasons() {
    }

    /** The first RFC 3463 status code ({@code 5.1.1}) in a text, if there is one. */
    public static Optional<String> enhancedStatus(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = ENHANCED.matcher(text);
        return m.find() ? Optional.of(m.group(1) + "." + m.group(2) + "." + m.group(3)) : Optional.empty();
    }

    /**
     * The reason and type for a status code and the remote server's text, as a failed delivery whose SMTP stage
     * the provider does not report; undetermined (soft) when neither says.
     */
    public static Reason classify(String statusCode, String text) {
        return RULES.classify(new Diagnosis("failed", Optional.ofNullable(statusCode).filter(s -> !s.isBlank()),
                Optional.empty(), text == null ? "" : text, Optional.empty()));
    }

    /** The {@code bounce_reason} of {@link #classify}. */
    public static BounceReason reason(String statusCode, String text) {
        return classify(statusCode, text).bounceReason();
    }

    /**
     * The type of a reason a provider named in the DESIGN §5 vocabulary itself: hard when the address will never
     * work (an unknown user or host), soft otherwise. A reason read from text has its own type: {@link #classify}.
     */
    public static BounceType type(BounceReason reason) {
        boolean gone = reason == BounceReason.USER_UNKNOWN || reason == BounceReason.HOST_UNKNOWN;
        return gone ? BounceType.HARD : BounceType.SOFT;
    }

    /** {@link #type(BounceReason)} of a reason given by its wire name; soft for a name outside the vocabulary. */
    public static BounceType type(String reason) {
        return type(BounceReason.fromWireName(reason).orElse(BounceReason.UNDETERMINED));
    }
}
