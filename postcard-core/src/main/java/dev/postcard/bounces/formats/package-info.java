/**
 * Readers that turn a parsed returned message into a {@link dev.postcard.bounces.formats.Report}.
 *
 * <p>The order of the readers is the order of trust: {@link dev.postcard.bounces.formats.ArfReader} (RFC 5965 and
 * unsubscribe requests), {@link dev.postcard.bounces.formats.SesNotificationReader} (SES JSON),
 * {@link dev.postcard.bounces.formats.DsnReader} (RFC 3464 / 6533 fields, completed from the text part when a block
 * lacks a diagnostic or a usable address), {@link dev.postcard.bounces.formats.ListNoticeReader} (mailing-list
 * managers' refusals), then {@link dev.postcard.bounces.formats.TextBounceReader} for MTA prose:
 * it only runs when {@link dev.postcard.bounces.formats.BounceMarkers} says the message is a failure report, tries
 * the format families of {@link dev.postcard.bounces.formats.TextFormats} and falls back to
 * {@link dev.postcard.bounces.formats.GenericTextFormat}. {@link dev.postcard.bounces.formats.AutoReplyDetector} is
 * asked last, so a bounce that says {@code Auto-Submitted} stays a bounce.
 *
 * <p>Codes: the status is what the report says (see {@link dev.postcard.bounces.formats.SmtpText#chooseStatus} for
 * when the diagnostic's code wins over the Status field); a recipient without any RFC 3463 code is reported as
 * {@code X.0.0} with the class taken from the reply code or the action, while the reason rules get the empty status.
 *
 * <p>Stage: the SMTP command a failure answered comes from the recipient's diagnostic
 * ({@link dev.postcard.bounces.formats.SmtpText#command}) or, when it does not say, from the report's text
 * ({@link dev.postcard.bounces.formats.SmtpCommands}: session transcripts, the paragraph naming the recipient).
 */
package dev.postcard.bounces.formats;
