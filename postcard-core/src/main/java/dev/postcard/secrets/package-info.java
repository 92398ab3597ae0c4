/**
 * Secrets at rest: webhook signing secrets and provider source settings, encrypted under the operator key
 * ({@code POSTCARD_SECRETS_KEY}) with AES-256-GCM.
 *
 * <pre>{@code
 * SecretCipher cipher = new SecretCipher(SecretsKeys.of(SecretsKey.parse("POSTCARD_SECRETS_KEY", base64)));
 * SecretSlot slot = new SecretSlot("webhooks.secret", tenantId, webhookId);
 * StoredSecret stored = cipher.seal("whsec_...", slot);   // pcenc:v1:<key id>:<nonce, ciphertext, tag>
 * String secret = cipher.open(stored, slot);             // any other slot: UnreadableSecretException
 * }</pre>
 *
 * <p>Each feature keeps its own SQL: it seals what it writes and opens what it reads with the engine's
 * {@link dev.postcard.secrets.SecretCipher}, and shows its table to {@link dev.postcard.secrets.StoredSecrets}
 * as a {@link dev.postcard.secrets.SecretTable}, through which the engine checks the keys when it starts and
 * {@code postcard secrets status|rotate} count and re-encrypt every stored secret.
 */
package dev.postcard.secrets;
