package dev.postcard.event;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@code method} of an {@code email.unsubscribed} event: how the recipient asked. */
public enum UnsubscribeMethod {
    /** RFC 8058: a POST from the mailbox provider's unsubscribe button ({@code List-Unsubscribe-Post}). */
    ONE_CLICK("one_click"),
    /** The unsubscribe link in the message, confirmed on Postcard's page. */
    LINK("link"),
    /** Reported by an email provider's webhook. */
    PROVIDER("provider");

    private final String wireName;

    UnsubscribeMethod(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Every wire name: the values an event may carry. */
    public static Set<String> wireNames() {
        return Arrays.stream(values()).map(UnsubscribeMethod::wireName).collect(Collectors.toUnmodifiableSet());
    }
}
