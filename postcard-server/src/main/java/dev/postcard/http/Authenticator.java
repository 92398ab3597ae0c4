package dev.postcard.http;

import dev.postcard.NotFoundException;
import dev.postcard.tenant.ApiKeys;
import dev.postcard.tenant.Tenant;
import dev.postcard.tenant.Tenants;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Optional;

/**
 * Turns {@code Authorization: Bearer <key>} into a {@link Caller}. Only an admin key may choose its tenant
 * with {@code X-Tenant-ID}; a tenant key always acts on its own tenant, whatever it sends. An address that
 * keeps presenting wrong keys is slowed down ({@link AuthenticationFailures}).
 */
public final class Authenticator {
    static final HeaderName TENANT_HEADER = HeaderNames.create("X-Tenant-ID");

    private final ApiKeys keys;
    private final Tenants tenants;
    private final ClientAddresses clients;
    private final AuthenticationFailures failures;

    Authenticator(ApiKeys keys, Tenants tenants, ClientAddresses clients, Clock clock) {
        this.keys = keys;
        this.tenants = tenants;
        this.clients = clients;
        this.failures = new AuthenticationFailures(clock);
    }

    public Caller authenticate(ServerRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION)
                .orElseThrow(() -> HttpProblem.unauthorized("send an API key as 'Authorization: Bearer <key>'"));
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw HttpProblem.unauthorized("the Authorization header must use the Bearer scheme");
        }
        Optional<InetAddress> client = clients.of(req);
        client.flatMap(failures::waitBeforeTrying).ifPresent(wait -> {
            throw new RetryLater("too many requests with a wrong API key from this address", wait);
        });
        var key = keys.authenticate(header.substring(7).strip()).orElseThrow(() -> {
            client.ifPresent(failures::failed);
            return HttpProblem.unauthorized("the API key is not valid or was revoked");
        });
        if (!key.admin()) {
            return new Caller(key, key.tenantId());
        }
        Optional<String> asTenant = req.headers().first(TENANT_HEADER).map(String::strip).filter(s -> !s.isEmpty());
        String tenantId = asTenant.orElse(Tenant.DEFAULT_ID);
        if (asTenant.isPresent() && tenants.find(tenantId).isEmpty()) {
            throw new NotFoundException("no tenant '" + tenantId + "' (X-Tenant-ID)");
        }
        return new Caller(key, tenantId);
    }

    /** Like {@link #authenticate} but only for admin keys (tenant management). */
    public Caller authenticateAdmin(ServerRequest req) {
        Caller caller = authenticate(req);
        if (!caller.admin()) {
            throw HttpProblem.forbidden("this route needs an admin API key");
        }
        return caller;
    }
}
