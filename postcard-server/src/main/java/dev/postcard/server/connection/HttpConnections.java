package dev.postcard.server.connection;

import dev.postcard.server.HttpTimeouts;
import io.helidon.common.buffers.BufferData;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The web server's one kind of connection: Helidon's HTTP/1.1, guarded against what Helidon 4.4 lets clients
 * do. A request's line and headers, and then its body, must arrive in time ({@link HttpTimeouts}: 408 and
 * close beyond); a kept-alive connection is closed after the idle timeout, measured on the monotonic clock; a client address holds at most so many connections at once (more are closed at once); and
 * HTTP/1.0 requests are served instead of answered 505.
 *
 * <p>Hooked in as Helidon's connection selector, the only one: the seam where Helidon hands over each
 * accepted connection's reader and writer. Helidon's own HTTP/1.1 selector is not added beside it; with two,
 * Helidon reads a connection's first bytes to choose between them, before any deadline could apply.
 */
public final class HttpConnections implements ServerConnectionSelector, AutoCloseable {
    private final HttpTimeouts timeouts;
    private final ServerConnectionSelector http1;
    private final ClientSlots slots;
    private final Watchdog watchdog;

    private HttpConnections(HttpTimeouts timeouts) {
        this.timeouts = timeouts;
        this.http1 = Http1ConnectionSelector.builder()
                .config(Http1Config.builder()
                        .addReceiveListener(new RequestEvents())
                        .addSendListener(new AnswerEvents())
                        .build())
                .build();
        this.slots = new ClientSlots(timeouts.maxConnectionsPerClient());
        this.watchdog = new Watchdog(checkPeriod(timeouts));
    }

    /** Starts the watchdog; {@link #close} stops it, after the web server. */
    public static HttpConnections start(HttpTimeouts timeouts) {
        return new HttpConnections(timeouts);
    }

    /**
     * Makes these the web server's connections. Its builder method {@code protocolsDiscoverServices(false)}
     * does not reach the listener in Helidon 4.4.0 (WebServerConfig's builder has a field of that name of its
     * own, and ListenerConfig's pre-build step reads the other one); the configuration key does.
     */
    public void configure(ListenerConfig.BuilderBase<?, ?> server) {
        server.config(Config.just(ConfigSources.create(Map.of("protocols-discover-services", "false"))))
                .addConnectionSelector(this);
    }

    /** A quarter of the shortest deadline, from 50 ms to 1 s: a late client is ended at most that late. */
    private static Duration checkPeriod(HttpTimeouts timeouts) {
        Duration shortest = Collections.min(List.of(timeouts.idleTimeout(), timeouts.headerTimeout(), timeouts.bodyTimeout()));
        Duration quarter = shortest.dividedBy(4);
        if (quarter.compareTo(Duration.ofMillis(50)) < 0) {
            return Duration.ofMillis(50);
        }
        return quarter.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : quarter;
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    @Override
    public Support supports(BufferData request) {
        return Support.SUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return Set.of("http/1.1");
    }

    @Override
    public ServerConnection connection(ConnectionContext helidon) {
        GuardedContext ctx = new GuardedContext(helidon, timeouts);
        return new GuardedConnection(ctx, http1.connection(ctx), slots, watchdog);
    }

    @Override
    public void close() {
        watchdog.close();
    }
}
