package dev.postcard.testing;

import dev.postcard.storage.Dialect;
import dev.postcard.storage.JdbcStore;
import dev.postcard.storage.StoreOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One fresh database handed to a test by {@link EachDatabase}. Stores opened through it are closed after the
 * test, so a test may open several (to reopen, or to act as two nodes).
 */
public final class TestDatabase implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final Dialect dialect;
    private final String url;
    private final List<JdbcStore> opened = new ArrayList<>();

    public TestDatabase(Dialect dialect) {
        this.dialect = dialect;
        this.url = TestDatabases.freshUrl(dialect);
    }

    public Dialect dialect() {
        return dialect;
    }

    public String url() {
        return url;
    }

    public JdbcStore open() {
        return open(StoreOptions.defaults());
    }

    /** Not synchronized on opening itself: tests open stores concurrently, as nodes starting together. */
    public JdbcStore open(StoreOptions options) {
        JdbcStore store = JdbcStore.open(url, options);
        synchronized (this) {
            opened.add(store);
        }
        return store;
    }

    @Override
    public synchronized void close() {
        opened.forEach(JdbcStore::close);
        opened.clear();
    }

    @Override
    public String toString() {
        return dialect.name().toLowerCase(java.util.Locale.ROOT);
    }
}
