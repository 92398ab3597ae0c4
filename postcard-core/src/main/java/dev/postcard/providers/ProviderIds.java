package dev.postcard.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Dedupe keys for providers that give their events no id of their own. */
final class ProviderIds {
    private ProviderIds() {
    }

    /**
     * A key that is the same whenever the provider sends the same item again (its retries repeat the body):
     * SHA-256 over the type, the recipient and the item's JSON.
     */
    public static String contentId(EventType type, String recipient, JsonNode item) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(type.wireName().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(String.valueOf(recipient).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(EventCodec.MAPPER.writeValueAsBytes(item));
            return "sha256:" + HexFormat.of().formatHex(sha.digest(), 0, 20);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot hash a provider item", e);
        }
    }
}
