package dev.postcard.tracking;

import java.util.Locale;

/** How a recipient unsubscribed: the {@code method} of {@code email.unsubscribed}. */
public enum UnsubscribeMethod {
    /** RFC 8058: the mail client POSTed {@code List-Unsubscribe=One-Click}. */
    ONE_CLICK,
    /** The person confirmed on Postcard's unsubscribe page. */
    LINK,
    /** The email provider reported it. */
    PROVIDER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
