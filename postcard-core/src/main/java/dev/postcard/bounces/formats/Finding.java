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
 */
public record Finding(String address, String action, Optional<String> status, Optional<String> replyCode,
                      String diagnostic, Optional<String> command) {
    public Finding {
        diagnostic = diagnostic == null ? "" : diagnostic.strip();
        action = action == null || action.isBlank() ? "failed" : action;
    }

    /** A failed recipient whose codes are read from its diagnostic text. */
    public static Finding fromText(String address, String action, String diagnostic) {
        return new Finding(address, action, SmtpText.status(diagnostic), SmtpText.replyCode(diagnostic),
                SmtpText.clean(diagnostic), SmtpText.command(diagnostic));
    }

    public Finding withDiagnostic(String text) {
        return new Finding(address, action, SmtpText.chooseStatus(status, text),
                replyCode.or(() -> SmtpText.replyCode(text)), SmtpText.clean(text),
                command.or(() -> SmtpText.command(text)));
    }
}
