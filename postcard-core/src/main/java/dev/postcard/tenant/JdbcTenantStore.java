package dev.postcard.tenant;

import dev.postcard.ConflictException;
import dev.postcard.NotFoundException;
import dev.postcard.Page;
import dev.postcard.storage.Database;
import dev.postcard.storage.JdbcStore;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Tenants and their API keys in the database of a {@link JdbcStore} (tables {@code tenants}, {@code api_keys}). */
public final class JdbcTenantStore implements TenantStore {
    private final Database database;
    private final Clock clock;

    public JdbcTenantStore(JdbcStore store, Clock clock) {
        this.database = Objects.requireNonNull(store, "store").database();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void createTenant(Tenant tenant) {
        if (!database.read("create tenant", c -> TenantRows.insert(c, tenant))) {
            throw new ConflictException("id", "tenant " + tenant.id() + " already exists");
        }
    }

    @Override
    public Optional<Tenant> findTenant(String tenantId) {
        return database.read("find tenant", c -> TenantRows.find(c, tenantId));
    }

    @Override
    public Page<Tenant> listTenants(Optional<String> cursor, int limit) {
        Page.requireLimit(limit);
        return database.read("list tenants", c -> TenantRows.list(c, cursor, limit));
    }

    @Override
    public boolean setSendTransports(String tenantId, Optional<List<String>> names) {
        return database.read("set tenant send transports", c -> TenantRows.setSendTransports(c, tenantId, names));
    }

    @Override
    public void createApiKey(ApiKey key) {
        if (findTenant(key.tenantId()).isEmpty()) {
            throw new NotFoundException("tenant " + key.tenantId() + " does not exist");
        }
        if (!database.read("create API key", c -> ApiKeyRows.insert(c, key))) {
            throw new ConflictException("id", "an API key with this id or hash already exists");
        }
    }

    @Override
    public Optional<ApiKey> findApiKeyByHash(String keyHash) {
        return database.read("find API key", c -> ApiKeyRows.findByHash(c, keyHash));
    }

    @Override
    public Page<ApiKey> listApiKeys(String tenantId, boolean includeAdmin, Optional<String> cursor, int limit) {
        Page.requireLimit(limit);
        return database.read("list API keys", c -> ApiKeyRows.list(c, tenantId, includeAdmin, cursor, limit));
    }

    @Override
    public boolean revokeApiKey(String tenantId, String keyId, boolean includeAdmin) {
        return database.read("revoke API key",
                c -> ApiKeyRows.revoke(c, tenantId, keyId, includeAdmin, clock.millis()));
    }

    @Override
    public boolean reinstateApiKey(String keyId) {
        return database.read("reinstate API key", c -> ApiKeyRows.reinstate(c, keyId));
    }
}
