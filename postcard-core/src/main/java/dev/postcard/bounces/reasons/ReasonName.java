package dev.postcard.bounces.reasons;

import dev.postcard.bounces.Reason;
import dev.postcard.event.BounceReason;
import dev.postcard.event.BounceType;

/**
 * The one table of reason details: each de-facto standard name, the DESIGN §5 {@code bounce_reason} it reports as,
 * and hard or soft. Hard is exactly the four details that say the address itself will never work, on a permanent
 * failure ({@link #softReason} is the same detail on a temporary one); every other reason is about the message,
 * the sender, the connection or a state that can change, so it is soft.
 * docs/bounces.md "Reasons" documents this table; keep the two in step.
 */
public enum ReasonName {
    USERUNKNOWN("userunknown", BounceReason.USER_UNKNOWN, BounceType.HARD),
    HOSTUNKNOWN("hostunknown", BounceReason.HOST_UNKNOWN, BounceType.HARD),
    HASMOVED("hasmoved", BounceReason.USER_UNKNOWN, BounceType.HARD),
    NOTACCEPT("notaccept", BounceReason.HOST_UNKNOWN, BounceType.HARD),
    MAILBOXFULL("mailboxfull", BounceReason.MAILBOX_FULL, BounceType.SOFT),
    SYSTEMFULL("systemfull", BounceReason.SYSTEM_ERROR, BounceType.SOFT),
    MESGTOOBIG("mesgtoobig", BounceReason.MESSAGE_TOO_LARGE, BounceType.SOFT),
    EXCEEDLIMIT("exceedlimit", BounceReason.MESSAGE_TOO_LARGE, BounceType.SOFT),
    FILTERED("filtered", BounceReason.POLICY, BounceType.SOFT),
    REJECTED("rejected", BounceReason.BLOCKED, BounceType.SOFT),
    BLOCKED("blocked", BounceReason.BLOCKED, BounceType.SOFT),
    SPAMDETECTED("spamdetected", BounceReason.SPAM_DETECTED, BounceType.SOFT),
    VIRUSDETECTED("virusdetected", BounceReason.CONTENT_REJECTED, BounceType.SOFT),
    POLICYVIOLATION("policyviolation", BounceReason.POLICY, BounceType.SOFT),
    CONTENTERROR("contenterror", BounceReason.CONTENT_REJECTED, BounceType.SOFT),
    SECURITYERROR("securityerror", BounceReason.SECURITY, BounceType.SOFT),
    AUTHFAILURE("authfailure", BounceReason.SECURITY, BounceType.SOFT),
    REQUIREPTR("requireptr", BounceReason.BLOCKED, BounceType.SOFT),
    BADREPUTATION("badreputation", BounceReason.BLOCKED, BounceType.SOFT),
    NORELAYING("norelaying", BounceReason.POLICY, BounceType.SOFT),
    EXPIRED("expired", BounceReason.EXPIRED, BounceType.SOFT),
    SUSPEND("suspend", BounceReason.USER_UNKNOWN, BounceType.SOFT),
    TOOMANYCONN("toomanyconn", BounceReason.RATE_LIMITED, BounceType.SOFT),
    SPEEDING("speeding", BounceReason.RATE_LIMITED, BounceType.SOFT),
    SYSTEMERROR("systemerror", BounceReason.SYSTEM_ERROR, BounceType.SOFT),
    MAILERERROR("mailererror", BounceReason.SYSTEM_ERROR, BounceType.SOFT),
    NETWORKERROR("networkerror", BounceReason.NETWORK_ERROR, BounceType.SOFT),
    NOTCOMPLIANTRFC("notcompliantrfc", BounceReason.CONTENT_REJECTED, BounceType.SOFT),
    SYNTAXERROR("syntaxerror", BounceReason.SYSTEM_ERROR, BounceType.SOFT),
    FAILEDSTARTTLS("failedstarttls", BounceReason.SECURITY, BounceType.SOFT),
    SUPPRESSED("suppressed", BounceReason.SUPPRESSED_BY_PROVIDER, BounceType.SOFT),
    ONHOLD("onhold", BounceReason.UNDETERMINED, BounceType.SOFT),
    UNDEFINED("undefined", BounceReason.UNDETERMINED, BounceType.SOFT);

    private final String detail;
    private final BounceReason bounceReason;
    private final BounceType type;
    private final Reason reason;
    private final Reason softReason;

    ReasonName(String detail, BounceReason bounceReason, BounceType type) {
        this.detail = detail;
        this.bounceReason = bounceReason;
        this.type = type;
        this.reason = new Reason(detail, bounceReason, type);
        this.softReason = new Reason(detail, bounceReason, BounceType.SOFT);
    }

    public String detail() {
        return detail;
    }

    public BounceReason bounceReason() {
        return bounceReason;
    }

    public BounceType type() {
        return type;
    }

    /** The shared, immutable {@link Reason} for this name. */
    public Reason reason() {
        return reason;
    }

    /**
     * The same reason on a failure the server called temporary: soft even for the four hard details, because an
     * answer that asks to be tried again does not say that the address is gone.
     */
    public Reason softReason() {
        return softReason;
    }
}
