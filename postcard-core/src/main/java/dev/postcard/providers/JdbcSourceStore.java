package dev.postcard.providers;

import dev.postcard.ConflictException;
import dev.postcard.Page;
import dev.postcard.secrets.SecretCipher;
import dev.postcard.secrets.SecretTable;
import dev.postcard.storage.Database;
import dev.postcard.storage.JdbcStore;
import java.util.Objects;
import java.util.Optional;

/**
 * Provider webhook sources, in the database of a {@link JdbcStore}. Reads and deletes are scoped by tenant. The
 * settings, which hold the verification secrets, are sealed at rest by the cipher.
 */
public final class JdbcSourceStore {
    private final Database database;
    private final SecretCipher cipher;

    public JdbcSourceStore(JdbcStore store, SecretCipher cipher) {
        this.database = Objects.requireNonNull(store, "store").database();
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    /** The sources' settings, for {@link dev.postcard.secrets.StoredSecrets}. */
    public static SecretTable secretTable() {
        return SourceSecretRows.INSTANCE;
    }

    public void create(Source source) {
        if (!database.read("create source", c -> SourceRows.insert(c, cipher, source))) {
            throw new ConflictException("id", "source " + source.id() + " already exists");
        }
    }

    /** The source with this id whichever tenant holds it: a webhook URL names only the source. */
    public Optional<Source> findAnyTenant(String sourceId) {
        return database.read("find source", c -> SourceRows.find(c, cipher, sourceId));
    }

    public Optional<Source> find(String tenantId, String sourceId) {
        return findAnyTenant(sourceId).filter(s -> s.tenantId().equals(tenantId));
    }

    /** The tenant's oldest source of the provider: the one {@code /track/webhook/<provider>} answers for. */
    public Optional<Source> first(String tenantId, String provider) {
        return database.read("find source", c -> SourceRows.first(c, cipher, tenantId, provider));
    }

    public Page<Source> list(String tenantId, Optional<String> cursor, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return database.read("list sources", c -> SourceRows.list(c, cipher, tenantId, cursor, limit));
    }

    /** False when the tenant has no such source. */
    public boolean delete(String tenantId, String sourceId) {
        return database.read("delete source", c -> SourceRows.delete(c, tenantId, sourceId));
    }
}
