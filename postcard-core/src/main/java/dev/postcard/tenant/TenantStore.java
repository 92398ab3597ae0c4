package dev.postcard.tenant;

import dev.postcard.Page;
import java.util.List;
import java.util.Optional;

/** Where tenants and their API keys are kept. */
public interface TenantStore {
    /** Creates the tenant; {@link dev.postcard.ConflictException} when the id exists. */
    void createTenant(Tenant tenant);

    Optional<Tenant> findTenant(String tenantId);

    Page<Tenant> listTenants(Optional<String> cursor, int limit);

    /**
     * Stores the names of the transports the tenant's sends go through, in order; empty for every configured
     * transport. False when the tenant does not exist.
     */
    boolean setSendTransports(String tenantId, Optional<List<String>> names);

    /** Stores the key of an existing tenant; {@link dev.postcard.ConflictException} when its id or hash exists. */
    void createApiKey(ApiKey key);

    /** The active or revoked key whose SHA-256 is {@code keyHash}. */
    Optional<ApiKey> findApiKeyByHash(String keyHash);

    /** The tenant's keys, newest first; its admin keys only when {@code includeAdmin}. */
    Page<ApiKey> listApiKeys(String tenantId, boolean includeAdmin, Optional<String> cursor, int limit);

    /**
     * Marks the key revoked; false when the tenant has no such active key, or when it is an admin key and
     * {@code includeAdmin} is false.
     */
    boolean revokeApiKey(String tenantId, String keyId, boolean includeAdmin);

    /** Makes a revoked key active again (the operator's configured admin key); false when it was not revoked. */
    boolean reinstateApiKey(String keyId);
}
