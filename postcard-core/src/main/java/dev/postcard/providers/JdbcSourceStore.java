package dev.postcard.providers;

import dev.postcard.ConflictException;
import dev.postcard.Page;
import dev.postcard.storage.Database;
import dev.postcard.storage.JdbcStore;
import java.util.Objects;
import java.util.Optional;

/** Provider webhook sources, in the database of a {@link JdbcStore}. Reads and deletes are scoped by tenant. */
public final class JdbcSourceStore {
    private final Database database;

    public JdbcSourceStore(JdbcStore store) {
        this.database = Objects.requireNonNull(store, "store").database();
    }

    public void create(Source source) {
        if (!database.read("create source", c -> SourceRows.insert(c, source))) {
            throw new ConflictException("id", "source " + source.id() + " already exists");
        }
    }

    /** The source with this id whichever tenant holds it: a webhook URL names only the source. */
    public Optional<Source> findAnyTenant(String sourceId) {
        return database.read("find source", c -> SourceRows.find(c, sourceId));
    }

    public Optional<Source> find(String tenantId, String sourceId) {
        return findAnyTenant(sourceId).filter(s -> s.tenantId().equals(tenantId));
    }

    /** The tenant's oldest source of the provider: the one {@code /track/webhook/<provider>} answers for. */
    public Optional<Source> first(String tenantId, String provider) {
        return database.read("find source", c -> SourceRows.first(c, tenantId, provider));
    }

    public Page<Source> list(String tenantId, Optional<String> cursor, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return database.read("list sources", c -> SourceRows.list(c, tenantId, cursor, limit));
    }

    /** False when the tenant has no such source. */
    public boolean delete(String tenantId, String sourceId) {
        return database.read("delete source", c -> SourceRows.delete(c, tenantId, sourceId));
    }
}
