package dev.postcard.cli;

import dev.postcard.server.PostcardServer;
import dev.postcard.server.ServerConfig;
import dev.postcard.storage.Dialect;
import dev.postcard.testing.MovableClock;
import dev.postcard.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * One real server per database for a whole test class, started on first use (so a class that runs only on
 * SQLite never starts PostgreSQL). Tests stay apart by working in tenants of their own ({@link #tenant}).
 */
final class CliServers implements AutoCloseable {
    static final String ADMIN = "pck_cli_test_admin_key_0123456789";

    private final Map<Dialect, PostcardServer> servers = new EnumMap<>(Dialect.class);
    private final Map<Dialect, MovableClock> clocks = new EnumMap<>(Dialect.class);
    private final UnaryOperator<ServerConfig.Builder> settings;

    CliServers() {
        this(UnaryOperator.identity());
    }

    /** Servers with these settings besides the tests' own. */
    CliServers(UnaryOperator<ServerConfig.Builder> settings) {
        this.settings = settings;
    }

    synchronized String url(Dialect dialect) {
        return "http://localhost:" + server(dialect).port();
    }

    synchronized MovableClock clock(Dialect dialect) {
        server(dialect);
        return clocks.get(dialect);
    }

    private PostcardServer server(Dialect dialect) {
        return servers.computeIfAbsent(dialect, d -> {
            try {
                MovableClock clock = MovableClock.atStart();
                clocks.put(d, clock);
                // Private networks allowed: the tests' webhook receivers listen on 127.0.0.1.
                return PostcardServer.start(settings.apply(ServerConfig.defaults(Files.createTempDirectory("postcard-cli"))
                        .withDatabaseUrl(TestDatabases.freshUrl(d)).withAdminKey(ADMIN).withClock(clock)
                        .toBuilder().allowPrivateNetworks(true)).build());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A new tenant on the server; the admin key acts for it with {@code --tenant}. */
    String tenant(Dialect dialect) {
        String id = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        HttpResponse<String> created = post(dialect, "/v1/tenants", null, "{\"id\": \"" + id + "\", \"name\": \"" + id + "\"}");
        if (created.statusCode() != 201) {
            throw new IllegalStateException(created.statusCode() + " " + created.body());
        }
        return id;
    }

    /** A JSON POST with the admin key, for a tenant when given. */
    HttpResponse<String> post(Dialect dialect, String path, String tenant, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(dialect) + path))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (tenant != null) {
            request.header("X-Tenant-ID", tenant);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(PostcardServer::close);
        servers.clear();
    }
}
