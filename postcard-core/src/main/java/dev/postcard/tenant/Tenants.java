package dev.postcard.tenant;

import dev.postcard.InvalidInputException;
import dev.postcard.NotFoundException;
import dev.postcard.Page;
import dev.postcard.UnprocessableException;
import dev.postcard.event.StorableText;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The tenants: created with ids that are safe in URLs, headers and logs. */
public final class Tenants {
    private static final String FIELD = "send_transports";
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

    /**
     * Sets the transports the tenant's sends go through, in failover order: each a name of {@code configured}, the
     * transports of this engine. Empty sends through every configured transport, in their order.
     *
     * @throws NotFoundException      when there is no such tenant
     * @throws UnprocessableException naming {@code send_transports} or the refused entry
     */
    public Tenant chooseSendTransports(String id, Optional<List<String>> names, List<String> configured) {
        Tenant tenant = find(id).orElseThrow(() -> new NotFoundException("no tenant '" + id + "'"));
        names.ifPresent(chosen -> check(chosen, configured));
        if (!store.setSendTransports(id, names)) {
            throw new NotFoundException("no tenant '" + id + "'");
        }
        return new Tenant(tenant.id(), tenant.name(), tenant.createdAt(), names);
    }

    private static void check(List<String> chosen, List<String> configured) {
        if (configured.isEmpty()) {
            throw new UnprocessableException(FIELD, "no transport is configured on this engine (POSTCARD_SMTP_URL,"
                    + " POSTCARD_SEND_TRANSPORTS); send_transports can only be null");
        }
        if (chosen.isEmpty()) {
            throw new UnprocessableException(FIELD, "send_transports names at least one transport; null sends"
                    + " through every configured transport");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < chosen.size(); i++) {
            String name = chosen.get(i);
            String field = FIELD + "[" + i + "]";
            if (!configured.contains(name)) {
                throw new UnprocessableException(field, field + " names no configured transport; configured: "
                        + String.join(", ", configured));
            }
            if (!seen.add(name)) {
                throw new UnprocessableException(field, field + ": '" + name + "' is named twice");
            }
        }
    }

    /** Tenants in the order of their ids. */
    public Page<Tenant> list(Optional<String> cursor, int limit) {
        return store.listTenants(cursor, limit);
    }
}
