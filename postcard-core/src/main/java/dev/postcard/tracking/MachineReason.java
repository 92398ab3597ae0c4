package dev.postcard.tracking;

/** Why a tracking hit was judged not to be a person; {@link #code()} is the {@code machine_reason} value. */
enum MachineReason {
    /** A {@code HEAD} request: link checkers and prefetchers ask for headers, people's clients do not. */
    HEAD_REQUEST("head_request"),
    /** Apple Mail Privacy Protection fetched the pixel through Apple's proxy, whether or not anyone read. */
    APPLE_MPP("apple_mpp"),
    /** Gmail's image proxy (googleusercontent / ggpht.com). */
    GMAIL_IMAGE_PROXY("gmail_image_proxy"),
    /** Yahoo Mail's image proxy. */
    YAHOO_IMAGE_PROXY("yahoo_image_proxy"),
    /** Outlook / Office 365 automated fetchers: the web image proxy and Office's link probes. */
    OUTLOOK_IMAGE_PROXY("outlook_image_proxy"),
    /** A mail security gateway following links to scan them (Mimecast, Proofpoint, Safe Links, ...). */
    SECURITY_SCANNER("security_scanner"),
    /** An HTTP library, headless browser, crawler or link-preview bot, or no user agent at all. */
    BOT_USER_AGENT("bot_user_agent"),
    /** A click sooner after sending or after the first open than a person reads and decides. */
    TOO_FAST("too_fast");

    private final String code;

    MachineReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
