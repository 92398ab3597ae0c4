package dev.postcard.tenant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.engine.Recorder;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import dev.postcard.event.StorableText;
import dev.postcard.storage.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues, checks and revokes API keys. Keys are 240 random bits, so a plain SHA-256 is a safe stored form
 * (no salt or stretching needed) and lets a request find its key by index. Checked keys are cached briefly;
 * a revocation on this node drops its cache entry at once, other nodes see it within {@link #CACHE_TTL}.
 */
public final class ApiKeys {
    public static final String KEY_PREFIX = "pck_";
    static final Duration CACHE_TTL = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final Recorder recorder;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public ApiKeys(Store store, Recorder recorder, Clock clock) {
        this.store = store;
        this.recorder = recorder;
        this.clock = clock;
    }

    /** A new key and its plaintext, which is shown once and never stored. */
    public record CreatedKey(ApiKey key, String plaintext) {
    }

    public CreatedKey create(String tenantId, String name, boolean admin) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new InvalidInputException("name", "name is required, at most 200 characters");
        }
        StorableText.check("name", name);
        if (store.findTenant(tenantId).isEmpty()) {
            throw new NotFoundException("tenant '" + tenantId + "' does not exist");
        }
        byte[] secret = new byte[30];
        RANDOM.nextBytes(secret);
        String plaintext = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        CreatedKey created = new CreatedKey(store(tenantId, name, admin, plaintext), plaintext);
        emit(tenantId, EventType.API_KEY_CREATED, created.key().id(), Optional.of(created.key().name()));
        return created;
    }

    /**
     * Makes sure {@code plaintext} is an admin key of the default tenant (the operator configured it), or,
     * when none is configured, that an admin key exists; returns a newly generated admin key's plaintext.
     */
    public Optional<String> ensureAdminKey(Optional<String> configured) {
        if (configured.isPresent()) {
            String plaintext = configured.get();
            if (plaintext.length() < 16) {
                throw new InvalidInputException("POSTCARD_ADMIN_KEY", "the admin key must be at least 16 characters");
            }
            if (store.findApiKeyByHash(hash(plaintext)).isEmpty()) {
                store(Tenant.DEFAULT_ID, "admin (configured)", true, plaintext);
            }
            return Optional.empty();
        }
        String marker = IdPrefix.API_KEY.newId();
        if (!store.putSettingIfAbsent("admin_key_id", marker).equals(marker)) {
            return Optional.empty(); // an earlier start, or another node, made it
        }
        byte[] secret = new byte[30];
        RANDOM.nextBytes(secret);
        String plaintext = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        store.createApiKey(new ApiKey(marker, Tenant.DEFAULT_ID, "admin", visiblePrefix(plaintext), hash(plaintext),
                true, now, Optional.empty()));
        return Optional.of(plaintext);
    }

    /** The active key a request presented, if it is one. */
    public Optional<ApiKey> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 512) {
            return Optional.empty();
        }
        String hash = hash(presented);
        Instant now = clock.instant();
        Cached cached = cache.get(hash);
        if (cached != null && cached.until.isAfter(now)) {
            return cached.key;
        }
        Optional<ApiKey> key = store.findApiKeyByHash(hash).filter(ApiKey::active);
        if (cache.size() > 10_000) {
            cache.clear();
        }
        cache.put(hash, new Cached(key, now.plus(CACHE_TTL)));
        return key;
    }

    public void revoke(String tenantId, String keyId) {
        if (!store.revokeApiKey(tenantId, keyId)) {
            throw new NotFoundException("no API key '" + keyId + "'");
        }
        cache.values().removeIf(c -> c.key.map(k -> k.id().equals(keyId)).orElse(false));
        emit(tenantId, EventType.API_KEY_REVOKED, keyId, Optional.empty());
    }

    private ApiKey store(String tenantId, String name, boolean admin, String plaintext) {
        ApiKey key = new ApiKey(IdPrefix.API_KEY.newId(), tenantId, name.strip(), visiblePrefix(plaintext),
                hash(plaintext), admin, clock.instant(), Optional.empty());
        store.createApiKey(key);
        return key;
    }

    private void emit(String tenantId, EventType type, String keyId, Optional<String> name) {
        ObjectNode data = EventCodec.MAPPER.createObjectNode();
        data.put("key_id", keyId);
        name.ifPresent(n -> data.put("name", n));
        recorder.record(tenantId, new Event(IdPrefix.EVENT.newId(), type, clock.instant(), data));
    }

    static String visiblePrefix(String plaintext) {
        return plaintext.substring(0, Math.min(12, plaintext.length()));
    }

    public static String hash(String plaintext) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private record Cached(Optional<ApiKey> key, Instant until) {
    }
}
