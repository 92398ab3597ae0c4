package dev.postcard.tenant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.ConflictException;
import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.Page;
import dev.postcard.engine.Recorder;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import dev.postcard.event.StorableText;
import dev.postcard.storage.Store;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues, checks and revokes API keys. Keys are 240 random bits, so a plain SHA-256 is a safe stored form
 * (no salt or stretching needed) and lets a request find its key by index. Checked keys are cached briefly;
 * a revocation on this node drops its cache entry at once, other nodes see it within {@link #CACHE_TTL}.
 */
public final class ApiKeys {
    public static final String KEY_PREFIX = "pck_";
    private static final System.Logger LOG = System.getLogger(ApiKeys.class.getName());
    /** The name of the key made from {@code POSTCARD_ADMIN_KEY}, and the setting that holds its id. */
    static final String CONFIGURED_NAME = "admin (configured)";
    private static final String CONFIGURED_SETTING = "configured_admin_key_id";
    static final Duration CACHE_TTL = Duration.ofSeconds(5);
    private static final int MAX_CACHED = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final TenantStore keys;
    private final Recorder recorder;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public ApiKeys(Store store, TenantStore keys, Recorder recorder, Clock clock) {
        this.store = store;
        this.keys = keys;
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
        if (keys.findTenant(tenantId).isEmpty()) {
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
     * Makes sure the configured key ({@code POSTCARD_ADMIN_KEY}) is an active admin key of the default tenant,
     * or, when none is configured, that an admin key exists; returns a newly generated admin key's plaintext.
     *
     * <p>The configuration is the operator's word and wins over what the API did: a configured key that was
     * revoked is made active again at start, and when the configured key changes, the one configured before
     * is revoked, so a key taken out of the configuration stops working.
     */
    public Optional<String> ensureAdminKey(Optional<String> configured) {
        if (configured.isPresent()) {
            ensureConfiguredAdminKey(configured.get());
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
        keys.createApiKey(new ApiKey(marker, Tenant.DEFAULT_ID, "admin", visiblePrefix(plaintext), hash(plaintext),
                true, now, Optional.empty()));
        return Optional.of(plaintext);
    }

    private void ensureConfiguredAdminKey(String plaintext) {
        if (plaintext.length() < 16) {
            throw new InvalidInputException("POSTCARD_ADMIN_KEY", "the admin key must be at least 16 characters");
        }
        ApiKey key = keys.findApiKeyByHash(hash(plaintext)).orElseGet(() -> storeConfigured(plaintext));
        if (!key.admin()) {
            throw new InvalidInputException("POSTCARD_ADMIN_KEY", "the configured admin key is already a tenant's key;"
                    + " configure another");
        }
        if (key.revokedAt().isPresent() && keys.reinstateApiKey(key.id())) {
            cache.remove(key.keyHash());
            LOG.log(Level.WARNING, "the configured admin key {0} had been revoked; it is active again, as"
                    + " POSTCARD_ADMIN_KEY says", key.id());
        }
        Optional<String> before = store.setting(CONFIGURED_SETTING);
        if (before.isPresent() && !before.get().equals(key.id())
                && keys.revokeApiKey(Tenant.DEFAULT_ID, before.get(), true)) {
            forget(before.get());
            LOG.log(Level.INFO, "the admin key configured before ({0}) is revoked: POSTCARD_ADMIN_KEY changed",
                    before.get());
        }
        if (before.isEmpty()) {
            revokeEarlierConfiguredKeys(key.id());
        }
        store.putSetting(CONFIGURED_SETTING, key.id());
    }

    /**
     * Stores the configured key; when another node starting at the same moment stored it first (the hash is
     * taken), that node's row is the key.
     */
    private ApiKey storeConfigured(String plaintext) {
        try {
            return store(Tenant.DEFAULT_ID, CONFIGURED_NAME, true, plaintext);
        } catch (ConflictException e) {
            return keys.findApiKeyByHash(hash(plaintext)).orElseThrow(() -> e);
        }
    }

    /** Before the configured key's id was kept, configured keys were known by their name alone. */
    private void revokeEarlierConfiguredKeys(String currentId) {
        Optional<String> cursor = Optional.empty();
        List<String> earlier = new ArrayList<>();
        do {
            Page<ApiKey> page = keys.listApiKeys(Tenant.DEFAULT_ID, true, cursor, 500);
            page.items().stream()
                    .filter(k -> k.admin() && k.active() && k.name().equals(CONFIGURED_NAME) && !k.id().equals(currentId))
                    .forEach(k -> earlier.add(k.id()));
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        for (String id : earlier) {
            keys.revokeApiKey(Tenant.DEFAULT_ID, id, true);
            forget(id);
            LOG.log(Level.INFO, "an admin key configured before ({0}) is revoked: POSTCARD_ADMIN_KEY changed", id);
        }
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
        Optional<ApiKey> key = keys.findApiKeyByHash(hash).filter(ApiKey::active);
        // Only keys that work are cached: caching every wrong key let anyone who sprays random ones flush the
        // cache for everyone; wrong keys are slowed down per client at the HTTP door instead.
        if (key.isPresent()) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(hash, new Cached(key, now.plus(CACHE_TTL)));
        }
        return key;
    }

    /** The tenant's keys, newest first; its admin keys only for an admin caller. */
    public Page<ApiKey> list(String tenantId, boolean byAdmin, Optional<String> cursor, int limit) {
        return keys.listApiKeys(tenantId, byAdmin, cursor, limit);
    }

    /**
     * Revokes a key of the tenant. Only an admin caller may revoke an admin key; to anyone else an admin key
     * does not exist ({@link NotFoundException}), as another tenant's key does not.
     */
    public void revoke(String tenantId, String keyId, boolean byAdmin) {
        if (!keys.revokeApiKey(tenantId, keyId, byAdmin)) {
            throw new NotFoundException("no API key '" + keyId + "'");
        }
        forget(keyId);
        emit(tenantId, EventType.API_KEY_REVOKED, keyId, Optional.empty());
    }

    /** Drops the key from this node's cache: it is refused at once here, within {@link #CACHE_TTL} elsewhere. */
    private void forget(String keyId) {
        cache.values().removeIf(c -> c.key.map(k -> k.id().equals(keyId)).orElse(false));
    }

    private ApiKey store(String tenantId, String name, boolean admin, String plaintext) {
        ApiKey key = new ApiKey(IdPrefix.API_KEY.newId(), tenantId, name.strip(), visiblePrefix(plaintext),
                hash(plaintext), admin, clock.instant(), Optional.empty());
        keys.createApiKey(key);
        return key;
    }

    private void emit(String tenantId, EventType type, String keyId, Optional<String> name) {
        ObjectNode data = EventCodec.MAPPER.createObjectNode();
        data.put("key_id", keyId);
        name.ifPresent(n -> data.put("name", n));
        recorder.record(tenantId, new Event(IdPrefix.EVENT.newId(), type, clock.instant(), data));
    }

    /**
     * What lists show of a key to tell keys apart: at most 8 characters and at most a quarter of the key, so a
     * short configured key is not mostly given away ({@code pck_} and 4 random characters of a generated one).
     */
    static String visiblePrefix(String plaintext) {
        return plaintext.substring(0, Math.min(8, plaintext.length() / 4));
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
