/**
 * Sending through an SMTP relay. {@link dev.postcard.sending.smtp.SmtpSettings} reads {@code POSTCARD_SMTP_URL},
 * {@link dev.postcard.sending.smtp.MimeComposer} puts a message in MIME form and
 * {@link dev.postcard.sending.smtp.SmtpTransport} hands it over on connections kept between messages:
 *
 * <pre>{@code
 * try (Transport smtp = new SmtpTransport(SmtpSettings.parse(url), clock)) {
 *     switch (smtp.send(message)) {
 *         case Accepted a -> ...          // 250 after DATA: a.response() is the relay's last line
 *         case RecipientRejected r -> ... // 5xx at RCPT TO
 *         case TemporaryFailure t -> ...  // 4xx, network, TLS, timeouts: try again later
 *         case PermanentFailure p -> ...  // 5xx to the sender, the message or the credentials: p.reason()
 *     }
 * }
 * }</pre>
 */
package dev.postcard.sending.smtp;
