package dev.postcard.bounces.reasons;

import static dev.postcard.bounces.reasons.ReasonName.*;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The basic SMTP reply code (RFC 5321 §4.2.3, RFC 7504) read together with the command it answered. Reply codes
 * are coarse (550 covers "no such user" as well as "policy"), so they are the last evidence before the command
 * alone, and the command picks the meaning where the code is ambiguous.
 */
final class ReplyCodeRules {
    private static final Pattern CODE = Pattern.compile("(?<![\\d.])([245][0-5]\\d)(?![\\d.])");
    /** A reply quoted at the start of the diagnostic, after an optional type ({@code smtp; 550 ...}). */
    private static final Pattern LEADING = Pattern.compile("^\\s*(?:[a-z][\\w-]*\\s*;\\s*)?([245][0-5]\\d)(?=[\\s-]|$)");

    private ReplyCodeRules() {
    }

    static Optional<Integer> parse(Optional<String> replyCode) {
        if (replyCode == null || replyCode.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = CODE.matcher(replyCode.get());
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** The reply code a diagnostic starts with, if it starts with one. */
    static Optional<Integer> leading(String flatText) {
        Matcher m = LEADING.matcher(flatText);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    static Optional<ReasonName> reasonOf(int code, SmtpStage stage) {
        ReasonName name = switch (code) {
            // 421 and 554 in the greeting refuse the client; later they are a server or transaction problem.
            case 421 -> stage.isSession() ? BLOCKED : SYSTEMERROR;
            case 451 -> SYSTEMERROR;  // local error in processing
            case 452 -> SYSTEMFULL;   // insufficient system storage
            case 500, 501, 502, 503, 504, 555 -> stage.isSession() ? BLOCKED : SYNTAXERROR;
            case 521, 556 -> NOTACCEPT;  // RFC 7504: the host / domain does not accept mail
            case 550 -> switch (stage) {
                case CONNECT, HELO -> BLOCKED;
                case MAIL -> REJECTED;
                case RCPT -> USERUNKNOWN;  // "mailbox unavailable" in answer to RCPT: no such mailbox
                case DATA -> FILTERED;
                case UNKNOWN -> null;
            };
            case 551 -> HASMOVED;  // user not local; please try <forward-path>
            case 552 -> stage == SmtpStage.DATA ? MESGTOOBIG : MAILBOXFULL;  // exceeded storage allocation
            case 553 -> stage == SmtpStage.MAIL ? REJECTED : stage == SmtpStage.RCPT ? USERUNKNOWN : null;
            case 554 -> switch (stage) {
                case CONNECT, HELO -> BLOCKED;
                case MAIL -> REJECTED;
                default -> null;
            };
            default -> null;
        };
        return Optional.ofNullable(name);
    }
}
