package dev.postcard.delivery;

import dev.postcard.secrets.SecretCell;
import dev.postcard.secrets.SecretCipher;
import dev.postcard.verify.WebhookSigner;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an attempt needs from a webhook's stored text, parsed once: its URL checked against the address policy,
 * and a signer for its secrets. Parsing a URL (and the HTTP client's form of it) and decrypting and decoding
 * secrets cost more than the rest of an attempt's bookkeeping, and a busy endpoint sends thousands of attempts a
 * second with the same text.
 *
 * <p>Keyed by the text itself, so an edited URL or a rotated (or re-encrypted) secret is simply a new entry; a
 * signer's key holds where each secret lies too, so a ciphertext copied into another webhook's row is opened
 * (and refused) there rather than found here. At most {@value #MAX_ENTRIES} of each are kept (all are dropped when
 * that is passed: the next attempts parse again).
 */
final class ParsedWebhooks {
    static final int MAX_ENTRIES = 10_000;

    private final AddressPolicy policy;
    private final SecretCipher cipher;
    private final Map<String, EndpointUrl> urls = new ConcurrentHashMap<>();
    private final Map<List<SecretCell>, WebhookSigner> signers = new ConcurrentHashMap<>();

    ParsedWebhooks(AddressPolicy policy, SecretCipher cipher) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    /**
     * The URL as {@link EndpointUrl#parse} gives it under this policy.
     *
     * @throws dev.postcard.PostcardException as {@link EndpointUrl#parse} does; a refused URL is not kept
     */
    EndpointUrl url(String url) {
        EndpointUrl parsed = urls.get(url);
        if (parsed == null) {
            parsed = EndpointUrl.parse(url, policy);
            keep(urls, url, parsed);
        }
        return parsed;
    }

    /**
     * A signer for these stored secrets, the current one first.
     *
     * @throws dev.postcard.secrets.UnreadableSecretException when one does not open; nothing is kept
     */
    WebhookSigner signer(List<SecretCell> secrets) {
        WebhookSigner signer = signers.get(secrets);
        if (signer == null) {
            signer = WebhookSigner.of(secrets.stream().map(cell -> cipher.open(cell.stored(), cell.slot())).toList());
            keep(signers, List.copyOf(secrets), signer);
        }
        return signer;
    }

    private static <K, V> void keep(Map<K, V> map, K key, V value) {
        if (map.size() >= MAX_ENTRIES) {
            map.clear();
        }
        map.put(key, value);
    }
}
