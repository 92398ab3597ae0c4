package dev.postcard.tracking;

import java.util.List;
import java.util.regex.Pattern;

/**
 * User-agent signatures of machines that fetch tracking URLs. All tokens are lower-case substrings of the
 * lower-cased {@code User-Agent}. Brand names only where the product names itself: many scanners pretend to
 * be a desktop browser, and those are caught by timing ({@code too_fast}), not here.
 */
final class KnownUserAgents {
    private KnownUserAgents() {
    }

    /** Gmail: {@code Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)}. */
    static final List<String> GMAIL_PROXY = List.of("googleimageproxy", "ggpht.com");

    /** Yahoo and AOL Mail: {@code YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html}. */
    static final List<String> YAHOO_PROXY = List.of("yahoomailproxy");

    /**
     * Microsoft's automated fetchers: the Outlook on the web / Outlook.com image proxy (served from
     * outlookimageproxy.azurewebsites.net) and the probes Office sends before opening a link (KB838028,
     * "Microsoft Office Protocol Discovery" / "Microsoft Office Existence Discovery"). Desktop Outlook's own
     * {@code Microsoft Office/16.0 (...; Microsoft Outlook 16.0...)} is deliberately absent: it fetches the
     * pixel because a person opened the message on their own machine.
     */
    static final List<String> OUTLOOK_PROXY = List.of(
            "outlookimageproxy",
            "microsoft office existence discovery",
            "microsoft office protocol discovery");

    /** Mail security gateways that fetch links (time-of-click protection, sandbox detonation). */
    static final List<String> SECURITY_SCANNERS = List.of(
            "barracuda",          // Barracuda Email Protection / LinkProtect, "Barracuda Sentinel (EE)"
            "mimecast",           // Mimecast URL Protect
            "proofpoint",         // Proofpoint URL Defense / TAP
            "bingpreview",        // Microsoft Defender for Office 365 Safe Links detonation ("BingPreview/1.0b")
            "ironport",           // Cisco Secure Email (IronPort) URL filtering
            "messagelabs",        // Symantec / Broadcom Email Security.cloud
            "symantec",
            "trendmicro",         // Trend Micro Email Security / InterScan
            "trend micro",
            "sophos",             // Sophos Email time-of-click
            "fireeye",            // FireEye, now Trellix Email Security
            "trellix",
            "fortinet",           // FortiMail / FortiGuard web filtering
            "fortiguard",
            "fortimail",
            "forcepoint",
            "mcafee",
            "zscaler");

    /** HTTP libraries, headless browsers, crawlers and link unfurlers. */
    static final List<String> BOTS = List.of(
            // libraries and command-line clients
            "curl/", "wget/", "python-requests", "python-urllib", "python-httpx", "aiohttp", "go-http-client",
            "java/", "java-http-client", "okhttp", "apache-httpclient", "libwww-perl", "axios/", "node-fetch",
            "undici", "guzzlehttp", "httpie", "postmanruntime", "ruby",
            // browser automation
            "headlesschrome", "phantomjs", "puppeteer", "playwright", "selenium",
            // crawlers and link previews (Slackbot, Discordbot, ... are caught by BOT_WORD)
            "crawler", "spider", "slurp", "preview", "facebookexternalhit", "whatsapp", "embedly", "scanner");

    /**
     * "bot" as a word or a suffix (Googlebot, Slackbot-LinkExpanding, bot@example), but not the CUBOT phone
     * brand that appears in Android browser user agents.
     */
    static final Pattern BOT_WORD = Pattern.compile("(?<!cu)bot\\b|\\bbot");

    /** Apple Mail Privacy Protection's proxy sends exactly this and nothing more. */
    static final String APPLE_MPP_USER_AGENT = "Mozilla/5.0";
}
