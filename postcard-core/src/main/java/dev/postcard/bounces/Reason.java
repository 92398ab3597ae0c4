package dev.postcard.bounces;

import dev.postcard.event.BounceReason;
import dev.postcard.event.BounceType;
import java.util.Objects;

/**
 * Why a recipient bounced.
 *
 * @param detail        the fine-grained name (the de-facto standard set: {@code userunknown}, {@code mailboxfull},
 *                      {@code hostunknown}, {@code filtered}, {@code rejected}, {@code blocked}, ...)
 * @param bounceReason  the DESIGN §5 {@code bounce_reason} vocabulary ({@code user_unknown}, {@code mailbox_full}, ...)
 * @param type          hard or soft
 */
public record Reason(String detail, BounceReason bounceReason, BounceType type) {
    public Reason {
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(bounceReason, "bounceReason");
        Objects.requireNonNull(type, "type");
    }
}
