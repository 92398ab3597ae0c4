package dev.postcard.verify;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;

/**
 * The two MACs on a Postcard webhook. {@link WebhookSigner} and {@link WebhookVerifier} both compute them
 * here, so what is signed and what is checked cannot drift apart.
 */
final class WebhookMac {
    private static final byte[] SEPARATOR = {'.'};

    private WebhookMac() {
    }

    /**
     * HMAC-SHA256 over {@code id + "." + timestamp + "." + body}, the Standard Webhooks signed content. The
     * parts are fed to the MAC one by one so that a large body is never copied.
     */
    static byte[] standard(SigningKey key, String id, long timestamp, byte[] body) {
        Mac mac = key.newMac();
        mac.update(id.getBytes(StandardCharsets.UTF_8));
        mac.update(SEPARATOR);
        mac.update(Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII));
        mac.update(SEPARATOR);
        return mac.doFinal(body);
    }

    /** HMAC-SHA256 over the body alone: {@code X-Postcard-Signature}, for receivers written the simple way. */
    static byte[] simple(SigningKey key, byte[] body) {
        return key.newMac().doFinal(body);
    }
}
