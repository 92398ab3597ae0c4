package dev.postcard.delivery;

import dev.postcard.verify.WebhookSigner;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an attempt needs from a webhook's stored text, parsed once: its URL checked against the address policy,
 * and a signer for its secrets. Parsing a URL (and the HTTP client's form of it) and decoding secrets cost more
 * than the rest of an attempt's bookkeeping, and a busy endpoint sends thousands of attempts a second with the
 * same text.
 *
 * <p>Keyed by the text itself, so an edited URL or a rotated secret is simply a new entry; at most
 * {@value #MAX_ENTRIES} of each are kept (all are dropped when that is passed: the next attempts parse again).
 */
final class ParsedWebhooks {
    static final int MAX_ENTRIES = 10_000;

    private final AddressPolicy policy;
    private final Map<String, EndpointUrl> urls = new ConcurrentHashMap<>();
    private final Map<List<String>, WebhookSigner> signers = new ConcurrentHashMap<>();

    ParsedWebhooks(AddressPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
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

    /** A signer for these secrets, the current one first. */
    WebhookSigner signer(List<String> secrets) {
        WebhookSigner signer = signers.get(secrets);
        if (signer == null) {
            signer = WebhookSigner.of(secrets);
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
