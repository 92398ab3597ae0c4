package dev.postcard.bounces;

import java.util.Objects;
import java.util.Optional;

/**
 * One recipient of a bounce or delivery report.
 *
 * @param address    the recipient address, lower case
 * @param action     RFC 3464 action ({@code failed}, {@code delayed}, {@code delivered}, {@code relayed},
 *                   {@code expanded})
 * @param statusCode RFC 3463 enhanced status code
 * @param replyCode  SMTP reply code
 * @param diagnostic the remote server's or MTA's text
 * @param reason     why it bounced; empty for delivered, relayed or expanded recipients
 */
public record RecipientReport(String address, String action, Optional<String> statusCode, Optional<String> replyCode,
                              String diagnostic, Optional<Reason> reason) {
    public RecipientReport {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(action, "action");
        diagnostic = diagnostic == null ? "" : diagnostic;
    }
}
