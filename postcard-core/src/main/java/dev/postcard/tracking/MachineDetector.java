package dev.postcard.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a tracking hit was a person (DESIGN.md §5 {@code machine}, {@code machine_reason}). Machine
 * hits are still recorded; the verdict only keeps them out of human opens and clicks.
 *
 * <p>Checks run from the most specific evidence to the least, and the first that matches names the reason:
 * {@code HEAD}; a mail provider's image proxy by user agent; a security scanner by user agent; Apple Mail
 * Privacy Protection's bare {@code Mozilla/5.0} on an open; a bot user agent (or none); an open from
 * Apple's network; finally a click or unsubscribe-page visit too soon after sending or the first open.
 *
 * <p>Sources for the signatures: provider documentation linked from the user agents themselves (Yahoo), the
 * user agents as published by ESPs and open-source trackers (Gmail's "via ggpht.com GoogleImageProxy"),
 * Microsoft KB838028 for Office's discovery probes, and the notes on {@link MachineDetectionRules#APPLE_NETWORKS}
 * for Apple. A person behind one of these proxies may well have read the message; the proxy makes it
 * unknowable, which is what {@code machine} records.
 */
final class MachineDetector {
    private final MachineDetectionRules rules;

    public MachineDetector(MachineDetectionRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    public MachineDetector() {
        this(MachineDetectionRules.defaults());
    }

    public MachineDetectionRules rules() {
        return rules;
    }

    public MachineVerdict classify(Hit hit) {
        return reason(hit).map(MachineVerdict::machine).orElseGet(MachineVerdict::human);
    }

    private Optional<MachineReason> reason(Hit hit) {
        String ua = hit.userAgent().strip();
        String lower = ua.toLowerCase(Locale.ROOT);
        boolean open = hit.kind() == HitKind.OPEN;

        if (hit.method().equals("HEAD")) {
            return Optional.of(MachineReason.HEAD_REQUEST);
        }
        if (containsAny(lower, KnownUserAgents.GMAIL_PROXY)) {
            return Optional.of(MachineReason.GMAIL_IMAGE_PROXY);
        }
        if (containsAny(lower, KnownUserAgents.YAHOO_PROXY)) {
            return Optional.of(MachineReason.YAHOO_IMAGE_PROXY);
        }
        if (containsAny(lower, KnownUserAgents.OUTLOOK_PROXY)) {
            return Optional.of(MachineReason.OUTLOOK_IMAGE_PROXY);
        }
        if (containsAny(lower, KnownUserAgents.SECURITY_SCANNERS) || containsAny(lower, rules.extraScannerTokens())) {
            return Optional.of(MachineReason.SECURITY_SCANNER);
        }
        if (open && ua.equals(KnownUserAgents.APPLE_MPP_USER_AGENT)) {
            return Optional.of(MachineReason.APPLE_MPP);
        }
        if (isBot(ua, lower)) {
            return Optional.of(MachineReason.BOT_USER_AGENT);
        }
        // After the user-agent checks: a scanner or script that happens to run on Apple's network says so itself.
        if (open && rules.appleProxyNetworks().stream().anyMatch(network -> network.contains(hit.clientIp()))) {
            return Optional.of(MachineReason.APPLE_MPP);
        }
        if (!open && isTooFast(hit)) {
            return Optional.of(MachineReason.TOO_FAST);
        }
        return Optional.empty();
    }

    private boolean isBot(String ua, String lower) {
        return ua.isEmpty()
                || ua.equals(KnownUserAgents.APPLE_MPP_USER_AGENT) // on a click: no browser sends this bare
                || containsAny(lower, KnownUserAgents.BOTS)
                || containsAny(lower, rules.extraBotTokens())
                // Every form BOT_WORD finds holds "bot": the plain search spares most user agents the regex,
                // which cost about 7 % of a durable open's CPU.
                || lower.contains("bot") && KnownUserAgents.BOT_WORD.matcher(lower).find();
    }

    /**
     * Scanners fetch every link of a message within seconds of its delivery, often together with the pixel.
     * The first-open distance is taken both ways, since the scanner's pixel fetch may land just after its clicks.
     */
    private boolean isTooFast(Hit hit) {
        Duration min = rules.minClickDelay();
        if (min.isZero()) {
            return false;
        }
        Instant at = hit.at();
        boolean soonAfterSend = hit.sentAt().map(sent -> Duration.between(sent, at).compareTo(min) < 0).orElse(false);
        boolean nearFirstOpen = hit.firstOpenAt()
                .map(firstOpen -> Duration.between(firstOpen, at).abs().compareTo(min) < 0).orElse(false);
        return soonAfterSend || nearFirstOpen;
    }

    private static boolean containsAny(String text, List<String> tokens) {
        for (String token : tokens) {
            if (text.contains(token)) {
                return true;
            }
        }
        return false;
    }
}
