package dev.postcard.tenant;

import dev.postcard.InvalidInputException;
import dev.postcard.Page;
import dev.postcard.event.StorableText;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

/** The tenants: created with ids that are safe in URLs, headers and logs. */
public final class Tenants {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private final TenantStore store;
    private final Clock clock;

    public Tenants(TenantStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Whether {@code id} has the form of a tenant id (it may still name no tenant). */
    public static boolean isWellFormedId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public Tenant create(String id, String name) {
        if (!isWellFormedId(id)) {
            throw new InvalidInputException("id", "id must be 1 to 63 lower-case letters, digits, _ or -, starting with a letter or digit");
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new InvalidInputException("name", "name is required, at most 200 characters");
        }
        StorableText.check("name", name);
        Tenant tenant = new Tenant(id, name.strip(), clock.instant());
        store.createTenant(tenant);
        return tenant;
    }

    public Optional<Tenant> find(String id) {
        return store.findTenant(id);
    }

    /** Tenants in the order of their ids. */
    public Page<Tenant> list(Optional<String> cursor, int limit) {
        return store.listTenants(cursor, limit);
    }
}
