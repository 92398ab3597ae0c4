/**
 * Transports that hand a message to a provider's HTTP API instead of an SMTP relay, for what SMTP cannot carry:
 * the provider's message id back at once, and Postcard's email id in the provider's own metadata so its webhooks
 * correlate without a lookup.
 *
 * <pre>{@code
 * Transport ses = ApiTransports.parse("ses://AKID:secret%2Fpart@email.eu-west-1.amazonaws.com?configuration_set=events");
 * Transport either = new FailoverTransport(List.of(ses, ApiTransports.parse("resend://re_key@api.resend.com")));
 * TransportResult result = either.send(message);   // Accepted("resend", "200 {...}", Optional.of("4ef9..."))
 * }</pre>
 *
 * <p>One transport per provider ({@link dev.postcard.sending.api.ResendTransport},
 * {@link dev.postcard.sending.api.SendGridTransport}, {@link dev.postcard.sending.api.PostmarkTransport},
 * {@link dev.postcard.sending.api.MailgunTransport}, {@link dev.postcard.sending.api.SesTransport}), each
 * building the provider's documented request and reading its documented answers; the rules they share (429 and
 * 5xx retry, 401/403 authentication, answers kept to 1 KiB, no redirects, no silent retries, one connection pool)
 * live in {@code Outcomes} and {@code ApiClient}. SES (raw content) and Mailgun ({@code messages.mime}) deliver a
 * copy to its one recipient while its headers show the send's {@code To} and {@code Cc}; Resend, SendGrid and
 * Postmark cannot, so there a copy shows only its own recipient. Each class comment says how.
 *
 * <p>The providers use their own return paths, so {@code envelopeFrom} (the VERP address) is not sent: their bounces
 * come back through their webhooks, correlated by the email id. Our {@code Message-ID} goes only where the message
 * is sent as MIME (SES raw, Mailgun {@code messages.mime}); the provider's own id is the one each result names.
 */
package dev.postcard.sending.api;
