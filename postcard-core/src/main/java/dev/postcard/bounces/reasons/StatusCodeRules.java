package dev.postcard.bounces.reasons;

import static dev.postcard.bounces.reasons.ReasonName.*;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RFC 3463 enhanced status code ({@code class.subject.detail}) read as a reason, with the registered additions
 * (RFC 3886, 4954, 5248, 7293, 7372, 7505, 8098...). Only codes that name one cause answer; the catch-alls
 * ({@code x.0.0}, {@code x.1.0}, {@code x.2.0}, {@code x.3.0}) say nothing and leave the decision to the reply code
 * and the command.
 */
final class StatusCodeRules {
    /** Not a piece of a longer dotted number such as an IP address ({@code 192.0.2.1} holds "2.0.2"). */
    private static final Pattern CODE = Pattern.compile("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?!\\d|\\.\\d)");

    /** A parsed enhanced status code. */
    record Status(int klass, int subject, int detail) {
        boolean permanent() {
            return klass == 5;
        }

        static Optional<Status> parse(Optional<String> code) {
            if (code == null || code.isEmpty()) {
                return Optional.empty();
            }
            Matcher m = CODE.matcher(code.get());
            if (!m.find()) {
                return Optional.empty();
            }
            return Optional.of(of(m));
        }

        /** The first code in the text that names a subject (not a catch-all {@code x.0.y}). */
        static Optional<Status> firstSpecific(String text) {
            Matcher m = CODE.matcher(text);
            while (m.find()) {
                Status s = of(m);
                if (s.subject() != 0) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }

        private static Status of(Matcher m) {
            return new Status(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
        }
    }

    private StatusCodeRules() {
    }

    static Optional<ReasonName> reasonOf(Status s, SmtpStage stage) {
        ReasonName name = switch (s.subject()) {
            case 1 -> addressing(s);
            case 2 -> mailbox(s);
            case 3 -> mailSystem(s);
            case 4 -> network(s);
            case 5 -> protocol(s);
            case 6 -> CONTENTERROR;
            case 7 -> security(s, stage);
            default -> null;
        };
        return Optional.ofNullable(name);
    }

    /** x.1.x: addressing status. */
    private static ReasonName addressing(Status s) {
        return switch (s.detail()) {
            case 1, 3 -> USERUNKNOWN;  // bad destination mailbox address, or its syntax
            case 2 -> HOSTUNKNOWN;     // bad destination system address
            case 6 -> HASMOVED;        // destination mailbox has moved, no forwarding address
            case 7, 8 -> REJECTED;     // bad sender mailbox syntax / sender system address
            case 10 -> NOTACCEPT;      // RFC 7505: recipient domain has a null MX
            default -> null;
        };
    }

    /** x.2.x: mailbox status. */
    private static ReasonName mailbox(Status s) {
        return switch (s.detail()) {
            case 1 -> SUSPEND;      // mailbox disabled, not accepting messages
            case 2 -> MAILBOXFULL;
            case 3 -> EXCEEDLIMIT;  // message length exceeds administrative limit
            case 4 -> SYSTEMERROR;  // mailing list expansion problem
            default -> null;
        };
    }

    /** x.3.x: mail system status. */
    private static ReasonName mailSystem(Status s) {
        return switch (s.detail()) {
            case 1 -> SYSTEMFULL;
            case 2, 3, 5 -> SYSTEMERROR;  // not accepting network messages / not capable / misconfigured
            case 4 -> MESGTOOBIG;
            default -> null;
        };
    }

    /** x.4.x: network and routing status. */
    private static ReasonName network(Status s) {
        return switch (s.detail()) {
            case 4 -> s.permanent() ? HOSTUNKNOWN : NETWORKERROR;  // unable to route
            case 5 -> SYSTEMERROR;                                   // mail system congestion
            case 7 -> EXPIRED;                                       // delivery time expired
            default -> NETWORKERROR;  // no answer, bad connection, routing server failure, loop
        };
    }

    /** x.5.x: mail delivery protocol status. */
    private static ReasonName protocol(Status s) {
        return switch (s.detail()) {
            // 5.5.0 is the generic code qmail-style servers put on every refusal, so it says nothing.
            case 0 -> null;
            case 3 -> SPEEDING;  // too many recipients
            default -> SYNTAXERROR;  // invalid command, syntax error, wrong protocol version, parameters
        };
    }

    /** x.7.x: security or policy status. */
    private static ReasonName security(Status s, SmtpStage stage) {
        int d = s.detail();
        if (d == 1) {
            // "Delivery not authorized, message refused": what was refused decides.
            return switch (stage) {
                case CONNECT, HELO -> BLOCKED;
                case MAIL -> REJECTED;
                case RCPT, DATA -> FILTERED;
                case UNKNOWN -> SECURITYERROR;
            };
        }
        if (d == 2) {
            return FILTERED;  // mailing list expansion prohibited
        }
        if (d == 13) {
            return SUSPEND;   // RFC 5248: user account disabled
        }
        if (d == 16) {
            return MESGTOOBIG;  // message too big for the specified priority
        }
        if (d == 17 || d == 18) {
            return HASMOVED;  // RFC 7293: mailbox or domain owner has changed
        }
        if (d >= 20 && d <= 24 || d == 26 || d == 29) {
            return AUTHFAILURE;  // DKIM (20-22), SPF (23-24), multiple checks (26), ARC (29)
        }
        if (d == 25) {
            return REQUIREPTR;  // reverse DNS validation failed
        }
        if (d == 27) {
            return REJECTED;  // sender address has null MX
        }
        if (d == 28) {
            return SPEEDING;  // mail flood detected
        }
        // Microsoft 365 / Outlook.com ranges, documented in their NDR reference.
        if (d >= 501 && d <= 503) {
            return SPAMDETECTED;  // spam abatement, banned sender
        }
        if (d == 509) {
            return AUTHFAILURE;  // sending domain fails DMARC with a reject policy
        }
        if (d >= 606 && d <= 649) {
            return BLOCKED;  // banned sending IP
        }
        if (d >= 650 && d <= 651) {
            return BADREPUTATION;  // IP reputation
        }
        return SECURITYERROR;
    }
}
