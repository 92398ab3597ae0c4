package dev.postcard.delivery;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether an address may be a webhook destination; a refusal names its reason, such as {@code loopback},
 * {@code private} or, for an IPv6 address that embeds an IPv4 one, {@code ipv4_mapped:private}.
 */
public record AddressVerdict(boolean allowed, Optional<String> reason) {
    private static final AddressVerdict ALLOWED = new AddressVerdict(true, Optional.empty());

    public AddressVerdict {
        Objects.requireNonNull(reason, "reason");
        if (allowed == reason.isPresent()) {
            throw new IllegalArgumentException("an allowed address has no reason, a refused one has one");
        }
    }

    public static AddressVerdict allow() {
        return ALLOWED;
    }

    public static AddressVerdict refuse(String reason) {
        return new AddressVerdict(false, Optional.of(reason));
    }

    public boolean refused() {
        return !allowed;
    }
}
