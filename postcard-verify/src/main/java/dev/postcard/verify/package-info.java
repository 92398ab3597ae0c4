/**
 * Verifies the signatures on Postcard's webhooks; depends on nothing but the JDK.
 *
 * <p>Postcard signs every webhook attempt the Standard Webhooks way: {@code webhook-id} (the event id, the
 * same on every retry), {@code webhook-timestamp} (unix seconds of the attempt) and {@code webhook-signature}
 * ({@code v1,} and base64 of HMAC-SHA256 over {@code id + "." + timestamp + "." + body}; several entries,
 * space-separated, while a secret is being rotated). It also sends {@code X-Postcard-Signature}, the hex
 * HMAC-SHA256 of the body alone, for receivers written the simple way.
 *
 * <p>A receiver makes one {@link dev.postcard.verify.WebhookVerifier} from the endpoint's secret and calls it
 * with the raw body and the headers of each request:
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.of("whsec_...");
 * try {
 *     verifier.verify(rawBody, headers);
 * } catch (WebhookVerificationException e) {
 *     return 400;   // e.getMessage() says which header and what was wrong; it never contains the secret
 * }
 * }</pre>
 *
 * <p>{@link dev.postcard.verify.WebhookSigner} makes the same headers; Postcard's delivery uses it, and a
 * receiver's tests can use it to make requests that should (or, altered, should not) verify.
 */
package dev.postcard.verify;
