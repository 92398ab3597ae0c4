package dev.postcard.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.postcard.ConflictException;
import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.Page;
import dev.postcard.event.IdPrefix;
import dev.postcard.storage.StoreOptions;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

class TenantAndApiKeyTest {
    private static final Instant CREATED = Instant.parse("2026-03-01T12:00:00Z");

    private static JdbcTenantStore open(TestDatabase db) {
        return new JdbcTenantStore(db.open(), StoreOptions.defaults().clock());
    }

    @EachDatabase
    void defaultTenantExistsFromTheStart(TestDatabase db) {
        JdbcTenantStore store = open(db);

        assertThat(store.findTenant(Tenant.DEFAULT_ID)).hasValueSatisfying(t -> assertThat(t.id()).isEqualTo("default"));
    }

    @EachDatabase
    void tenantIdIsUnique(TestDatabase db) {
        JdbcTenantStore store = open(db);
        store.createTenant(new Tenant("acme", "Acme Corp", CREATED));

        assertThatThrownBy(() -> store.createTenant(new Tenant("acme", "Other", CREATED)))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("id"));
        assertThat(store.findTenant("acme")).hasValue(new Tenant("acme", "Acme Corp", CREATED));
    }

    @EachDatabase
    void tenantsAreListedByIdPageByPage(TestDatabase db) {
        JdbcTenantStore store = open(db);
        for (String id : List.of("delta", "alpha", "echo", "charlie", "bravo")) {
            store.createTenant(new Tenant(id, id.toUpperCase(), CREATED));
        }

        List<String> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            Page<Tenant> page = store.listTenants(cursor, 2);
            page.items().forEach(t -> seen.add(t.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor.isPresent());

        assertThat(seen).containsExactly("alpha", "bravo", "charlie", "default", "delta", "echo");
        assertThat(pages).isEqualTo(3);
        assertThatThrownBy(() -> store.listTenants(Optional.of("%%%"), 2)).isInstanceOf(InvalidInputException.class);
    }

    @EachDatabase
    void apiKeyIsFoundByItsHashOnly(TestDatabase db) {
        JdbcTenantStore store = open(db);
        ApiKey key = key("default", "ci", CREATED, true);

        store.createApiKey(key);

        assertThat(store.findApiKeyByHash(key.keyHash())).hasValue(key);
        assertThat(store.findApiKeyByHash("not-a-hash")).isEmpty();
    }

    @EachDatabase
    void apiKeyNeedsAnExistingTenantAndUniqueHash(TestDatabase db) {
        JdbcTenantStore store = open(db);
        ApiKey key = key("default", "ci", CREATED, false);
        store.createApiKey(key);

        assertThatThrownBy(() -> store.createApiKey(key("nobody", "x", CREATED, false)))
                .isInstanceOf(NotFoundException.class);
        ApiKey sameHash = new ApiKey(IdPrefix.API_KEY.newId(), "default", "copy", "pc_x", key.keyHash(), false,
                CREATED, Optional.empty());
        assertThatThrownBy(() -> store.createApiKey(sameHash)).isInstanceOf(ConflictException.class);
    }

    @EachDatabase
    void apiKeysAreListedNewestFirstPerTenant(TestDatabase db) {
        JdbcTenantStore store = open(db);
        store.createTenant(new Tenant("acme", "Acme", CREATED));
        List<ApiKey> keys = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // Two keys share each creation time, so the cursor must break ties.
            keys.add(key("default", "k" + i, CREATED.plusSeconds(i / 2), false));
        }
        keys.forEach(store::createApiKey);
        store.createApiKey(key("acme", "foreign", CREATED.plusSeconds(100), false));

        List<String> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            Page<ApiKey> page = store.listApiKeys("default", true, cursor, 2);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            page.items().forEach(k -> seen.add(k.name()));
            cursor = page.nextCursor();
        } while (cursor.isPresent());

        List<String> expected = keys.stream()
                .sorted((a, b) -> a.createdAt().equals(b.createdAt()) ? b.id().compareTo(a.id())
                        : b.createdAt().compareTo(a.createdAt()))
                .map(ApiKey::name).toList();
        assertThat(seen).containsExactlyElementsOf(expected).doesNotContain("foreign");
        assertThat(store.listApiKeys("acme", true, Optional.empty(), 10).items()).extracting(ApiKey::name)
                .containsExactly("foreign");
    }

    @EachDatabase
    void revokingWorksOnceAndOnlyForTheOwningTenant(TestDatabase db) {
        JdbcTenantStore store = open(db);
        store.createTenant(new Tenant("acme", "Acme", CREATED));
        ApiKey key = key("acme", "ci", CREATED, false);
        store.createApiKey(key);

        assertThat(store.revokeApiKey("default", key.id(), true)).as("another tenant's key").isFalse();
        assertThat(store.findApiKeyByHash(key.keyHash()).orElseThrow().active()).isTrue();
        assertThat(store.revokeApiKey("acme", key.id(), true)).isTrue();
        assertThat(store.revokeApiKey("acme", key.id(), true)).as("already revoked").isFalse();
        assertThat(store.revokeApiKey("acme", "key_absent", true)).isFalse();
        assertThat(store.findApiKeyByHash(key.keyHash()).orElseThrow().revokedAt()).isPresent();
    }

    @EachDatabase
    void adminKeysAreListedAndRevokedOnlyWhenAdminKeysAreIncluded(TestDatabase db) {
        JdbcTenantStore store = open(db);
        ApiKey admin = key("default", "admin", CREATED, true);
        ApiKey tenantKey = key("default", "ci", CREATED.plusSeconds(1), false);
        store.createApiKey(admin);
        store.createApiKey(tenantKey);

        assertThat(store.listApiKeys("default", false, Optional.empty(), 10).items()).extracting(ApiKey::name)
                .containsExactly("ci");
        assertThat(store.listApiKeys("default", true, Optional.empty(), 10).items()).extracting(ApiKey::name)
                .containsExactly("ci", "admin");
        assertThat(store.revokeApiKey("default", admin.id(), false)).as("an admin key, without admin keys").isFalse();
        assertThat(store.findApiKeyByHash(admin.keyHash()).orElseThrow().active()).isTrue();
        assertThat(store.revokeApiKey("default", tenantKey.id(), false)).isTrue();
        assertThat(store.revokeApiKey("default", admin.id(), true)).isTrue();
        assertThat(store.reinstateApiKey(admin.id())).isTrue();
        assertThat(store.reinstateApiKey(admin.id())).as("already active").isFalse();
        assertThat(store.findApiKeyByHash(admin.keyHash()).orElseThrow().active()).isTrue();
    }

    private static ApiKey key(String tenantId, String name, Instant createdAt, boolean admin) {
        return new ApiKey(IdPrefix.API_KEY.newId(), tenantId, name, "pc_" + name, UUID.randomUUID().toString(), admin,
                createdAt, Optional.empty());
    }
}
