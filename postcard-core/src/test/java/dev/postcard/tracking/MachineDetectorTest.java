package dev.postcard.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.net.CidrBlock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MachineDetectorTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:30:00Z");
    private static final String PUBLIC_IP = "81.2.69.160";

    static final String CHROME_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    static final String FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    static final String IPHONE_MAIL = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";
    static final String MAC_MAIL = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)";
    static final String OUTLOOK_DESKTOP = "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)";
    static final String ANDROID_CUBOT = "Mozilla/5.0 (Linux; Android 11; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";

    private final MachineDetector detector = new MachineDetector();

    private static Hit open(String ua, String ip) {
        return Hit.of(HitKind.OPEN, "GET", ua, ip, NOW);
    }

    private static Hit click(String ua) {
        return Hit.of(HitKind.CLICK, "GET", ua, PUBLIC_IP, NOW);
    }

    private String reasonOf(Hit hit) {
        MachineVerdict verdict = detector.classify(hit);
        assertThat(verdict.machine()).as("machine flag agrees with reason").isEqualTo(verdict.reason().isPresent());
        return verdict.reason().orElse("human");
    }

    @ParameterizedTest
    @ValueSource(strings = {CHROME_WINDOWS, FIREFOX_LINUX, IPHONE_MAIL, MAC_MAIL, OUTLOOK_DESKTOP, ANDROID_CUBOT,
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.5.0"})
    void peopleAreHuman(String ua) {
        assertThat(detector.classify(open(ua, PUBLIC_IP))).isEqualTo(MachineVerdict.human());
        assertThat(detector.classify(click(ua).withSentAt(NOW.minus(Duration.ofHours(2))))).isEqualTo(MachineVerdict.human());
    }

    @Test
    void headRequestsAreMachines() {
        Hit head = Hit.of(HitKind.CLICK, "head", CHROME_WINDOWS, PUBLIC_IP, NOW);

        assertThat(detector.classify(head)).isEqualTo(new MachineVerdict(true, Optional.of("head_request")));
    }

    @Test
    void appleMailPrivacyProtectionByUserAgent() {
        assertThat(reasonOf(open("Mozilla/5.0", "17.58.101.5"))).isEqualTo("apple_mpp");
        assertThat(reasonOf(open("Mozilla/5.0", "104.28.40.1"))).isEqualTo("apple_mpp");
    }

    @Test
    void appleMailPrivacyProtectionByAppleNetwork() {
        assertThat(reasonOf(open(MAC_MAIL, "17.58.101.5"))).isEqualTo("apple_mpp");
        assertThat(reasonOf(open(IPHONE_MAIL, "2620:149:a0c:f000::1"))).isEqualTo("apple_mpp");
        assertThat(reasonOf(open(MAC_MAIL, "18.58.101.5"))).as("just outside 17/8").isEqualTo("human");
    }

    @Test
    void appleRulesApplyToOpensOnly() {
        assertThat(reasonOf(Hit.of(HitKind.CLICK, "GET", CHROME_WINDOWS, "17.58.101.5", NOW))).isEqualTo("human");
        assertThat(reasonOf(click("Mozilla/5.0"))).isEqualTo("bot_user_agent");
    }

    @Test
    void operatorsCanAddPrivateRelayEgressRanges() {
        List<CidrBlock> networks = List.of(CidrBlock.parse("17.0.0.0/8"), CidrBlock.parse("172.224.226.0/27"));
        MachineDetector withRelay = new MachineDetector(MachineDetectionRules.defaults().withAppleProxyNetworks(networks));

        assertThat(withRelay.classify(open(IPHONE_MAIL, "172.224.226.9")).reason()).contains("apple_mpp");
        assertThat(detector.classify(open(IPHONE_MAIL, "172.224.226.9")).reason()).isEmpty();
    }

    @Test
    void gmailImageProxy() {
        String ua = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)";

        assertThat(reasonOf(open(ua, "66.249.84.1"))).isEqualTo("gmail_image_proxy");
    }

    @Test
    void yahooImageProxy() {
        String ua = "YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html";

        assertThat(reasonOf(open(ua, PUBLIC_IP))).isEqualTo("yahoo_image_proxy");
    }

    @Test
    void outlookAutomatedFetchers() {
        assertThat(reasonOf(click("Microsoft Office Existence Discovery"))).isEqualTo("outlook_image_proxy");
        assertThat(reasonOf(click("Microsoft Office Protocol Discovery"))).isEqualTo("outlook_image_proxy");
        assertThat(reasonOf(open("Mozilla/5.0 (compatible; OutlookImageProxy)", PUBLIC_IP))).isEqualTo("outlook_image_proxy");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Mozilla/5.0 (compatible; Barracuda Sentinel (EE))",
            "Mimecast URL Protect",
            "Mozilla/5.0 (compatible; Proofpoint URL Defense)",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) BingPreview/1.0b",
            "Cisco IronPort URL Scanner",
            "Symantec MessageLabs",
            "TrendMicro InterScan",
            "Sophos Email Scanner",
            "FireEye Email Security",
            "Fortinet FortiMail"})
    void securityScanners(String ua) {
        assertThat(reasonOf(click(ua))).isEqualTo("security_scanner");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "curl/8.5.0", "Wget/1.21.4", "python-requests/2.32.3", "Python-urllib/3.12",
            "Go-http-client/2.0", "Java/21.0.5", "Java-http-client/21.0.5", "okhttp/4.12.0",
            "Apache-HttpClient/5.3 (Java/21)", "axios/1.7.9", "node-fetch/1.0",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "SkypeUriPreview Preview/0.5",
            "facebookexternalhit/1.1", "Mozilla/5.0 (compatible; MJ12bot/v1.4.8)", "some-crawler/1.0"})
    void botUserAgents(String ua) {
        assertThat(reasonOf(click(ua))).isEqualTo("bot_user_agent");
    }

    @Test
    void missingUserAgentIsABot() {
        assertThat(reasonOf(Hit.of(HitKind.OPEN, "GET", null, (String) null, NOW))).isEqualTo("bot_user_agent");
    }

    @Test
    void clickSecondsAfterSendingIsTooFast() {
        assertThat(reasonOf(click(CHROME_WINDOWS).withSentAt(NOW.minusSeconds(3)))).isEqualTo("too_fast");
        assertThat(reasonOf(click(CHROME_WINDOWS).withSentAt(NOW.minusSeconds(9)))).isEqualTo("too_fast");
        assertThat(reasonOf(click(CHROME_WINDOWS).withSentAt(NOW.minusSeconds(10)))).isEqualTo("human");
        assertThat(reasonOf(click(CHROME_WINDOWS).withSentAt(NOW.plusSeconds(2)))).as("clock skew").isEqualTo("too_fast");
    }

    @Test
    void clickRightNextToTheFirstOpenIsTooFast() {
        Hit hit = click(CHROME_WINDOWS).withSentAt(NOW.minus(Duration.ofDays(1)));

        assertThat(reasonOf(hit.withFirstOpenAt(NOW.minusSeconds(2)))).isEqualTo("too_fast");
        assertThat(reasonOf(hit.withFirstOpenAt(NOW.plusSeconds(1)))).isEqualTo("too_fast");
        assertThat(reasonOf(hit.withFirstOpenAt(NOW.minusSeconds(45)))).isEqualTo("human");
    }

    @Test
    void unsubscribePageVisitsAreTimedLikeClicksButOpensAreNot() {
        Hit page = Hit.of(HitKind.UNSUBSCRIBE_PAGE, "GET", CHROME_WINDOWS, PUBLIC_IP, NOW).withSentAt(NOW.minusSeconds(1));
        Hit quickOpen = open(IPHONE_MAIL, PUBLIC_IP).withSentAt(NOW.minusSeconds(1));

        assertThat(reasonOf(page)).isEqualTo("too_fast");
        assertThat(reasonOf(quickOpen)).isEqualTo("human");
    }

    @Test
    void clickDelayIsConfigurable() {
        MachineDetector patient = new MachineDetector(MachineDetectionRules.defaults().withMinClickDelay(Duration.ofSeconds(30)));
        MachineDetector off = new MachineDetector(MachineDetectionRules.defaults().withMinClickDelay(Duration.ZERO));
        Hit hit = click(CHROME_WINDOWS).withSentAt(NOW.minusSeconds(20));

        assertThat(patient.classify(hit).reason()).contains("too_fast");
        assertThat(detector.classify(hit).reason()).isEmpty();
        assertThat(off.classify(click(CHROME_WINDOWS).withSentAt(NOW)).reason()).isEmpty();
        assertThatThrownBy(() -> MachineDetectionRules.defaults().withMinClickDelay(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void extraTokensAreMatchedCaseInsensitively() {
        MachineDetector custom = new MachineDetector(MachineDetectionRules.defaults()
                .withExtraScannerTokens(List.of("AcmeGuard"))
                .withExtraBotTokens(List.of("InternalMonitor")));

        assertThat(custom.classify(click("Mozilla/5.0 acmeguard/2")).reason()).contains("security_scanner");
        assertThat(custom.classify(click("internalmonitor 1.0")).reason()).contains("bot_user_agent");
        assertThat(detector.classify(click("Mozilla/5.0 acmeguard/2")).reason()).isEmpty();
    }

    @Test
    void earlierEvidenceWins() {
        // A HEAD from Gmail's proxy is a HEAD first; a scanner on Apple's network is a scanner.
        assertThat(reasonOf(Hit.of(HitKind.OPEN, "HEAD", "GoogleImageProxy", PUBLIC_IP, NOW))).isEqualTo("head_request");
        assertThat(reasonOf(open("Mimecast", "17.1.1.1"))).isEqualTo("security_scanner");
        assertThat(reasonOf(open("curl/8.5.0", "17.1.1.1"))).isEqualTo("bot_user_agent");
    }

    @Test
    void clientIpTextIsNeverResolved() {
        Hit hit = Hit.of(HitKind.OPEN, "GET", CHROME_WINDOWS, "apple.com", NOW);
        Hit outOfRange = Hit.of(HitKind.OPEN, "GET", CHROME_WINDOWS, "300.1.1.1", NOW);

        assertThat(hit.clientIp()).isEmpty();
        assertThat(outOfRange.clientIp()).isEmpty();
        assertThat(Hit.of(HitKind.OPEN, "GET", "", "[2620:149::1]", NOW).clientIp()).isPresent();
    }

    @Test
    void verdictsAreConsistent() {
        assertThatThrownBy(() -> new MachineVerdict(true, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MachineVerdict(false, Optional.of("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(MachineVerdict.machine(MachineReason.TOO_FAST).reason()).contains("too_fast");
    }
}
