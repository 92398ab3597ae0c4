package dev.postcard.bounces.reasons;

import dev.postcard.bounces.BounceType;
import dev.postcard.bounces.Reason;

/**
 * The one table of reason details: each de-facto standard name, the DESIGN §5 {@code bounce_reason} it reports as,
 * and hard or soft. Hard is exactly the four details that say the address itself will never work; every other
 * reason is about the message, the sender, the connection or a state that can change, so it is soft.
 * docs/bounces.md "Reasons" documents this table; keep the two in step.
 */
public enum ReasonName {
    USERUNKNOWN("userunknown", "user_unknown", BounceType.HARD),
    HOSTUNKNOWN("hostunknown", "host_unknown", BounceType.HARD),
    HASMOVED("hasmoved", "user_unknown", BounceType.HARD),
    NOTACCEPT("notaccept", "host_unknown", BounceType.HARD),
    MAILBOXFULL("mailboxfull", "mailbox_full", BounceType.SOFT),
    SYSTEMFULL("systemfull", "system_error", BounceType.SOFT),
    MESGTOOBIG("mesgtoobig", "message_too_large", BounceType.SOFT),
    EXCEEDLIMIT("exceedlimit", "message_too_large", BounceType.SOFT),
    FILTERED("filtered", "policy", BounceType.SOFT),
    REJECTED("rejected", "blocked", BounceType.SOFT),
    BLOCKED("blocked", "blocked", BounceType.SOFT),
    SPAMDETECTED("spamdetected", "spam_detected", BounceType.SOFT),
    VIRUSDETECTED("virusdetected", "content_rejected", BounceType.SOFT),
    POLICYVIOLATION("policyviolation", "policy", BounceType.SOFT),
    CONTENTERROR("contenterror", "content_rejected", BounceType.SOFT),
    SECURITYERROR("securityerror", "security", BounceType.SOFT),
    AUTHFAILURE("authfailure", "security", BounceType.SOFT),
    REQUIREPTR("requireptr", "blocked", BounceType.SOFT),
    BADREPUTATION("badreputation", "blocked", BounceType.SOFT),
    NORELAYING("norelaying", "policy", BounceType.SOFT),
    EXPIRED("expired", "expired", BounceType.SOFT),
    SUSPEND("suspend", "user_unknown", BounceType.SOFT),
    TOOMANYCONN("toomanyconn", "rate_limited", BounceType.SOFT),
    SPEEDING("speeding", "rate_limited", BounceType.SOFT),
    SYSTEMERROR("systemerror", "system_error", BounceType.SOFT),
    MAILERERROR("mailererror", "system_error", BounceType.SOFT),
    NETWORKERROR("networkerror", "network_error", BounceType.SOFT),
    NOTCOMPLIANTRFC("notcompliantrfc", "content_rejected", BounceType.SOFT),
    SYNTAXERROR("syntaxerror", "system_error", BounceType.SOFT),
    FAILEDSTARTTLS("failedstarttls", "security", BounceType.SOFT),
    SUPPRESSED("suppressed", "suppressed_by_provider", BounceType.SOFT),
    ONHOLD("onhold", "undetermined", BounceType.SOFT),
    UNDEFINED("undefined", "undetermined", BounceType.SOFT);

    private final String detail;
    private final String bounceReason;
    private final BounceType type;
    private final Reason reason;

    ReasonName(String detail, String bounceReason, BounceType type) {
        this.detail = detail;
        this.bounceReason = bounceReason;
        this.type = type;
        this.reason = new Reason(detail, bounceReason, type);
    }

    public String detail() {
        return detail;
    }

    public String bounceReason() {
        return bounceReason;
    }

    public BounceType type() {
        return type;
    }

    /** The shared, immutable {@link Reason} for this name. */
    public Reason reason() {
        return reason;
    }
}
