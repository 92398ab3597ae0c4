package dev.postcard.bounces;

import java.util.Optional;

/**
 * What a bounce says about one recipient, before it is classified: the input of {@link ReasonClassifier}.
 *
 * @param action      RFC 3464 action: {@code failed}, {@code delayed}, {@code delivered}, {@code relayed},
 *                    {@code expanded}; {@code failed} when a non-standard bounce does not say
 * @param statusCode  RFC 3463 enhanced status code ({@code 5.1.1}) when the bounce gives one
 * @param replyCode   the SMTP reply code ({@code 550}) when the bounce gives one
 * @param diagnostic  the remote server's or MTA's text about this recipient (may be empty)
 * @param command     the SMTP command that failed ({@code RCPT}, {@code DATA}, ...) when known
 * @param mtaCategory the reporting MTA's own category for the failure when its report gives one (PowerMTA's
 *                    {@code X-PowerMTA-BounceCategory}: {@code bad-mailbox}, {@code quota-issues}, ...)
 */
public record Diagnosis(String action, Optional<String> statusCode, Optional<String> replyCode, String diagnostic,
                        Optional<String> command, Optional<String> mtaCategory) {
    public Diagnosis {
        action = action == null || action.isBlank() ? "failed" : action;
        diagnostic = diagnostic == null ? "" : diagnostic;
        command = command == null ? Optional.empty() : command;
        mtaCategory = mtaCategory == null ? Optional.empty() : mtaCategory;
    }

    /** Without an MTA category (most reports have none). */
    public Diagnosis(String action, Optional<String> statusCode, Optional<String> replyCode, String diagnostic,
                     Optional<String> command) {
        this(action, statusCode, replyCode, diagnostic, command, Optional.empty());
    }
}
