package dev.postcard.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postcard.engine.BackgroundHealth;
import dev.postcard.engine.ListenerRegistry;
import dev.postcard.engine.RecentMessages;
import dev.postcard.engine.Recorder;
import dev.postcard.storage.JdbcStore;
import dev.postcard.storage.Store;
import dev.postcard.testing.EachDatabase;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** Nodes that start together with the same configured admin key ({@code POSTCARD_ADMIN_KEY}) all start. */
class AdminKeyAcrossNodesTest {
    private static final String CONFIGURED = "pck_configured_admin_key_0123";
    private final MovableClock clock = MovableClock.atStart();

    @EachDatabase
    void aNodeThatAnotherNodeOvertakesStoringTheConfiguredKeyStartsWithThatKey(TestDatabase db) {
        ApiKeys faster = apiKeys(db.open());
        JdbcStore node = db.open();
        TenantStore store = new JdbcTenantStore(node, clock);
        AtomicBoolean overtaken = new AtomicBoolean();
        // The slower node looks the key up, finds nothing, and the faster node stores it before it does.
        TenantStore slow = (TenantStore) Proxy.newProxyInstance(TenantStore.class.getClassLoader(),
                new Class<?>[] {TenantStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("findApiKeyByHash") && overtaken.compareAndSet(false, true)) {
                        faster.ensureAdminKey(Optional.of(CONFIGURED));
                        return Optional.empty();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ApiKeys slower = apiKeys(node, slow);

        assertThat(slower.ensureAdminKey(Optional.of(CONFIGURED))).isEmpty();

        assertThat(overtaken).isTrue();
        assertThat(slower.authenticate(CONFIGURED)).hasValueSatisfying(key -> assertThat(key.admin()).isTrue());
        assertThat(faster.authenticate(CONFIGURED)).hasValueSatisfying(key -> assertThat(key.admin()).isTrue());
        assertThat(store.listApiKeys("default", true, Optional.empty(), 10).items())
                .as("one key for the configured one").singleElement()
                .satisfies(key -> assertThat(key.keyHash()).isEqualTo(ApiKeys.hash(CONFIGURED)));
    }

    private ApiKeys apiKeys(JdbcStore store) {
        return apiKeys(store, new JdbcTenantStore(store, clock));
    }

    private ApiKeys apiKeys(Store store, TenantStore keys) {
        return new ApiKeys(store, keys, new Recorder(store, new RecentMessages(16),
                new ListenerRegistry(new BackgroundHealth(clock))), clock);
    }
}
