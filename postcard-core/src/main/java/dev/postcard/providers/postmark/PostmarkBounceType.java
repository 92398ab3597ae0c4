package dev.postcard.providers.postmark;

import java.util.Optional;

/**
 * Postmark's bounce types ({@code Type} and {@code TypeCode} of a bounce record), as its Bounce API documents
 * them, and what each one is for Postcard. Several are not delivery failures at all: replies that Postmark's
 * bounce processing recognises (auto-responders, subscribe requests, challenge/response filters) are
 * ignored, an unsubscribe request is an unsubscribe.
 */
enum PostmarkBounceType {
    /** The server was unable to deliver the message (unknown user, mailbox not found). */
    HARD_BOUNCE("HardBounce", 1, Outcome.BOUNCE_HARD),
    /** Message delayed: the server could not deliver it for now; Postmark keeps trying. */
    TRANSIENT("Transient", 2, Outcome.DELAYED),
    /** An unsubscribe or remove request sent back by the recipient. */
    UNSUBSCRIBE("Unsubscribe", 16, Outcome.UNSUBSCRIBED),
    /** A subscribe request sent back by the recipient. */
    SUBSCRIBE("Subscribe", 32, Outcome.IGNORED),
    /** An automatic reply (vacation, out of office). */
    AUTO_RESPONDER("AutoResponder", 64, Outcome.IGNORED),
    /** The recipient asks to be written at another address. */
    ADDRESS_CHANGE("AddressChange", 128, Outcome.IGNORED),
    /** A temporary DNS error. */
    DNS_ERROR("DnsError", 256, Outcome.DELAYED),
    /** Delivered, but blocked by the user or classified as spam, bulk mail, or rejected content. */
    SPAM_NOTIFICATION("SpamNotification", 512, Outcome.BOUNCE_SOFT),
    /** The receiving server testing whether Postmark is an open relay. */
    OPEN_RELAY_TEST("OpenRelayTest", 1024, Outcome.IGNORED),
    /** Postmark could not classify the bounce. */
    UNKNOWN("Unknown", 2048, Outcome.BOUNCE_UNDETERMINED),
    /** Temporarily undeliverable (mailbox full, account disabled, over quota). */
    SOFT_BOUNCE("SoftBounce", 4096, Outcome.BOUNCE_SOFT),
    /** The message was found to carry a virus. */
    VIRUS_NOTIFICATION("VirusNotification", 8192, Outcome.BOUNCE_SOFT),
    /** A challenge/response filter asks the sender to verify itself. */
    CHALLENGE_VERIFICATION("ChallengeVerification", 16384, Outcome.IGNORED),
    /** The address is not valid; Postmark did not send. */
    BAD_EMAIL_ADDRESS("BadEmailAddress", 100000, Outcome.DROPPED_INVALID),
    /** The recipient marked the message as spam. */
    SPAM_COMPLAINT("SpamComplaint", 100001, Outcome.COMPLAINED),
    /** The address was deactivated by hand in Postmark; not sent. */
    MANUALLY_DEACTIVATED("ManuallyDeactivated", 100002, Outcome.DROPPED_SUPPRESSED),
    /** Registration not confirmed by the subscriber; not sent. */
    UNCONFIRMED("Unconfirmed", 100003, Outcome.DROPPED_PROVIDER),
    /** Blocked by the receiving ISP. Blocks are soft. */
    BLOCKED("Blocked", 100006, Outcome.BOUNCE_SOFT),
    /** Postmark's SMTP API refused the message. */
    SMTP_API_ERROR("SMTPApiError", 100007, Outcome.FAILED_REJECTED),
    /** Processing an inbound message failed: not about a message Postcard tracks. */
    INBOUND_ERROR("InboundError", 100008, Outcome.IGNORED),
    /** Rejected because of the sender domain's DMARC policy. */
    DMARC_POLICY("DMARCPolicy", 100009, Outcome.BOUNCE_SOFT),
    /** The template could not be rendered; nothing was sent. */
    TEMPLATE_RENDERING_FAILED("TemplateRenderingFailed", 100010, Outcome.FAILED_RENDERING);

    enum Outcome {
        BOUNCE_HARD, BOUNCE_SOFT, BOUNCE_UNDETERMINED, DELAYED, UNSUBSCRIBED, COMPLAINED, DROPPED_INVALID,
        DROPPED_SUPPRESSED, DROPPED_PROVIDER, FAILED_REJECTED, FAILED_RENDERING, IGNORED
    }

    final String wireName;
    final long code;
    final Outcome outcome;

    PostmarkBounceType(String wireName, long code, Outcome outcome) {
        this.wireName = wireName;
        this.code = code;
        this.outcome = outcome;
    }

    static Optional<PostmarkBounceType> byName(String name) {
        for (PostmarkBounceType t : values()) {
            if (t.wireName.equalsIgnoreCase(name.strip())) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    static Optional<PostmarkBounceType> byCode(long code) {
        for (PostmarkBounceType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The {@code bounce_reason} Postmark's class implies, when the bounce's text names none. */
    String defaultReason() {
        return switch (this) {
            case HARD_BOUNCE -> "user_unknown";
            case SPAM_NOTIFICATION -> "spam_detected";
            case VIRUS_NOTIFICATION -> "content_rejected";
            case BLOCKED -> "blocked";
            case DMARC_POLICY -> "policy";
            default -> "undetermined";
        };
    }

    /** Whether Postmark's class is precise enough that the text must not override it. */
    boolean reasonFixed() {
        return this == SPAM_NOTIFICATION || this == VIRUS_NOTIFICATION || this == BLOCKED || this == DMARC_POLICY;
    }
}
