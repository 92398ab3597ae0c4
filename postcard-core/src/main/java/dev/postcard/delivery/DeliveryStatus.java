package dev.postcard.delivery;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a delivery stands: waiting for an attempt (or in one), delivered, or given up. */
public enum DeliveryStatus {
    PENDING, SUCCEEDED, FAILED;

    /** The name stored and shown: {@code pending}, {@code succeeded}, {@code failed}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeliveryStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
