package dev.postcard.bounces.formats;

import java.util.Optional;

/**
 * What one report says about one recipient, before the reason is decided.
 *
 * @param address    lower-cased bare address
 * @param action     RFC 3464 action ({@code failed} when the format does not say)
 * @param status     RFC 3463 code when the report or its diagnostic gives one
 * @param replyCode  SMTP reply code from the diagnostic
 * @param diagnostic unfolded, trimmed text about this recipient
 * @param command    the SMTP command that failed, when stated
 * @param category   the reporting MTA's own category for the failure, when its report gives one
 */
public record Finding(String address, String action, Optional<String> status, Optional<String> replyCode,
                      String diagnostic, Optional<String> command, Optional<String> category) {
    public Finding {
        diagnostic = diagnostic == null ? "" : diagnostic.strip();
        action = action == null || action.isBlank() ? "failed" : action;
        command = command == null ? Optional.empty() : command;
        category = category == null ? Optional.empty() : category;
    }

    /** A finding from a report that gives no category of its own. */
    public Finding(String address, String action, Optional<String> status, Optional<String> replyCode,
                   String diagnostic, Optional<String> command) {
        this(address, action, status, replyCode, diagnostic, command, Optional.empty());
    }

    public Finding withAddress(String other) {
        return new Finding(other, action, status, replyCode, diagnostic, command, category);
    }

    public Finding withCommand(Optional<String> other) {
        return new Finding(address, action, status, replyCode, diagnostic, other, category);
    }

    /** A failed recipient whose codes are read from its diagnostic text. */
    public static Finding fromText(String address, String action, String diagnostic) {
        return new Finding(address, action, SmtpText.status(diagnostic), SmtpText.replyCode(diagnostic),
                SmtpText.clean(diagnostic), SmtpText.command(diagnostic));
    }

    public Finding withDiagnostic(String text) {
        return new Finding(address, action, SmtpText.chooseStatus(status, text),
                replyCode.or(() -> SmtpText.replyCode(text)), SmtpText.clean(text),
                command.or(() -> SmtpText.command(text)), category);
    }
}
