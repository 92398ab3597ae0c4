package dev.postcard.tracking;

import dev.postcard.net.CidrBlock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Tunables of {@link MachineDetector}.
 *
 * @param minClickDelay      a click (or unsubscribe-page visit) sooner than this after sending, or this close to
 *                           the first open, is {@code too_fast}; {@link Duration#ZERO} turns the rule off
 * @param appleProxyNetworks networks whose opens are Apple Mail Privacy Protection fetches
 * @param extraScannerTokens more user-agent substrings (case-insensitive) of security scanners
 * @param extraBotTokens     more user-agent substrings (case-insensitive) of bots
 */
record MachineDetectionRules(Duration minClickDelay, List<CidrBlock> appleProxyNetworks,
                                    List<String> extraScannerTokens, List<String> extraBotTokens) {

    /** Scanners follow every link within a few seconds of delivery; a person rarely clicks that quickly. */
    public static final Duration DEFAULT_MIN_CLICK_DELAY = Duration.ofSeconds(10);

    /**
     * Apple's own address space, from which Mail Privacy Protection's image proxy fetches (ARIN
     * {@code NET-17-0-0-0-1}, 17.0.0.0/8; ARIN 2620:149::/32 and RIPE 2a01:b740::/32, both Apple Inc.).
     * MPP rides on the iCloud Private Relay infrastructure (mask.icloud.com; Word to the Wise, "Apple MPP
     * reporting and geolocation", 2021, from Mailchimp's data), whose partner-operated egress ranges Apple
     * publishes at https://mask-api.icloud.com/egress-ip-ranges.csv. Those change often and also carry
     * people's own browsing, so they are not built in; an operator who wants them adds them here.
     */
    public static final List<CidrBlock> APPLE_NETWORKS = List.of(
            CidrBlock.parse("17.0.0.0/8"),
            CidrBlock.parse("2620:149::/32"),
            CidrBlock.parse("2a01:b740::/32"));

    public MachineDetectionRules {
        Objects.requireNonNull(minClickDelay, "minClickDelay");
        if (minClickDelay.isNegative()) {
            throw new IllegalArgumentException("minClickDelay cannot be negative: " + minClickDelay);
        }
        appleProxyNetworks = List.copyOf(appleProxyNetworks);
        extraScannerTokens = lowerCase(extraScannerTokens);
        extraBotTokens = lowerCase(extraBotTokens);
    }

    public static MachineDetectionRules defaults() {
        return new MachineDetectionRules(DEFAULT_MIN_CLICK_DELAY, APPLE_NETWORKS, List.of(), List.of());
    }

    public MachineDetectionRules withMinClickDelay(Duration delay) {
        return new MachineDetectionRules(delay, appleProxyNetworks, extraScannerTokens, extraBotTokens);
    }

    public MachineDetectionRules withAppleProxyNetworks(List<CidrBlock> networks) {
        return new MachineDetectionRules(minClickDelay, networks, extraScannerTokens, extraBotTokens);
    }

    public MachineDetectionRules withExtraScannerTokens(List<String> tokens) {
        return new MachineDetectionRules(minClickDelay, appleProxyNetworks, tokens, extraBotTokens);
    }

    public MachineDetectionRules withExtraBotTokens(List<String> tokens) {
        return new MachineDetectionRules(minClickDelay, appleProxyNetworks, extraScannerTokens, tokens);
    }

    private static List<String> lowerCase(List<String> tokens) {
        return tokens.stream().map(String::strip).filter(t -> !t.isEmpty()).map(t -> t.toLowerCase(Locale.ROOT)).toList();
    }
}
