package dev.postcard.cli;

import static dev.postcard.cli.CliServers.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.postcard.storage.Dialect;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@code postcard events tail}: the server's event stream, followed, printed and resumed after a drop. */
class EventTailTest {
    private static final CliServers SERVERS = new CliServers();
    private static final Dialect DB = Dialect.SQLITE;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @AfterAll
    static void stop() {
        SERVERS.close();
    }

    private static CompletableFuture<Cli.Run> tail(WatchedErr err, String server, String tenant, String... args) {
        List<String> all = new ArrayList<>(List.of("events", "tail"));
        all.addAll(List.of(args));
        all.addAll(List.of("--server", server, "--api-key", ADMIN));
        if (tenant != null) {
            all.addAll(List.of("--tenant", tenant));
        }
        return CompletableFuture.supplyAsync(() -> Cli.run(err, all.toArray(String[]::new)));
    }

    private static void post(String tenant, String id, String type, Instant at) {
        var posted = SERVERS.post(DB, "/v1/events", tenant, "{\"id\": \"" + id + "\", \"type\": \"" + type
                + "\", \"created_at\": \"" + at + "\", \"data\": {\"to\": \"ada@example.com\"}}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    }

    @Test
    void printsTheEventsStoredAfterItOpensAsJsonLines() throws Exception {
        String tenant = SERVERS.tenant(DB);
        Instant now = SERVERS.clock(DB).instant();
        post(tenant, "evt_before", "email.sent", now);
        WatchedErr err = new WatchedErr();
        CompletableFuture<Cli.Run> tail = tail(err, SERVERS.url(DB), tenant, "--json", "--max-events", "2");
        // It says so once the stream is open: an event stored after that line is new to it.
        assertThat(err.firstLine(WAIT)).isEqualTo("following new events (Ctrl-C to stop)");
        post(tenant, "evt_tail_1", "email.delivered", now);
        post(SERVERS.tenant(DB), "evt_elsewhere", "email.delivered", now);
        post(tenant, "evt_tail_2", "email.opened", now);
        Cli.Run run = tail.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines().map(l -> TestJson.parse(l).path("id").asText()))
                .containsExactly("evt_tail_1", "evt_tail_2");
    }

    @Test
    void sinceSendsTheStoredEventsFirstAsReadableLinesWithTheFilters() throws Exception {
        String tenant = SERVERS.tenant(DB);
        Instant now = SERVERS.clock(DB).instant();
        post(tenant, "evt_old", "email.sent", now.minusSeconds(120));
        post(tenant, "evt_s1", "email.sent", now.minusSeconds(30));
        post(tenant, "evt_d1", "email.delivered", now.minusSeconds(20));
        post(tenant, "evt_s2", "email.sent", now.minusSeconds(10));
        Cli.Run run = tail(new WatchedErr(), SERVERS.url(DB), tenant, "--since", now.minusSeconds(60).toString(),
                "--type", "sent", "--max-events", "2").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(2);
        assertThat(run.out().lines().toList().get(0))
                .isEqualTo(now.minusSeconds(30) + "  email.sent  evt_s1  ada@example.com  -");
        assertThat(run.out().lines().toList().get(1)).contains("evt_s2");
    }

    @Test
    void withUntilItStopsWhenTheServerEndsThePeriod() throws Exception {
        String tenant = SERVERS.tenant(DB);
        Instant now = SERVERS.clock(DB).instant();
        post(tenant, "evt_u1", "email.sent", now.minusSeconds(30));
        post(tenant, "evt_u2", "email.sent", now.minusSeconds(5));
        Cli.Run run = tail(new WatchedErr(), SERVERS.url(DB), tenant, "--since", now.minusSeconds(60).toString(),
                "--until", now.minusSeconds(10).toString(), "--json").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines().map(l -> TestJson.parse(l).path("id").asText())).containsExactly("evt_u1");
    }

    @Test
    void refusalsBeforeTheStreamHaveTheirStatus() throws Exception {
        Cli.Run badType = tail(new WatchedErr(), SERVERS.url(DB), null, "--type", "teleported")
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(badType.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(badType.err()).startsWith("postcard: 400 ").contains("(type)").hasLineCount(1);
        Cli.Run badKey = Cli.run("events", "tail", "--server", SERVERS.url(DB), "--api-key", "pck_wrong_00000000000");
        assertThat(badKey.exit()).isEqualTo(ExitCodes.REFUSED_AUTH);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Cli.Run unreachable = Cli.run("events", "tail", "--server", "http://localhost:" + port, "--api-key", ADMIN);
        assertThat(unreachable.exit()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(unreachable.err().strip()).isEqualTo("postcard: cannot reach http://localhost:" + port
                + ": connection refused");
    }

    /**
     * A stream that the server drops after one event: tail reconnects with that event's id in Last-Event-ID and
     * prints the rest, each event once. A stand-in server, since the real one drops only slow readers.
     */
    @Test
    void afterADropItReconnectsWithTheLastEventId() throws Exception {
        List<String> lastEventIds = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/events/stream", exchange -> {
            String last = exchange.getRequestHeaders().getFirst("Last-Event-ID");
            lastEventIds.add(String.valueOf(last));
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                if (last == null) {
                    write(body, "retry: 50\n: opened\n\nid: evt_a\nevent: email.sent\nfuture: ignored\n"
                            + "data: {\"id\":\"evt_a\",\"type\":\"email.sent\",\"created_at\":\"2030-01-01T00:00:00.000Z\",\"data\":{}}\n\n");
                } else {
                    write(body, ": keep-alive\n\nid: evt_b\nevent: email.delivered\n"
                            + "data: {\"id\":\"evt_b\",\"type\":\"email.delivered\",\"created_at\":\"2030-01-01T00:00:01.000Z\",\"data\":{}}\n\n");
                }
            }
        });
        server.start();
        try {
            Cli.Run run = tail(new WatchedErr(), "http://127.0.0.1:" + server.getAddress().getPort(), null, "--json",
                    "--max-events", "2").get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out().lines().map(l -> TestJson.parse(l).path("id").asText()))
                    .containsExactly("evt_a", "evt_b");
            assertThat(lastEventIds).containsExactly("null", "evt_a");
        } finally {
            server.stop(0);
        }
    }

    private static void write(OutputStream body, String text) throws IOException {
        body.write(text.getBytes(StandardCharsets.UTF_8));
        body.flush();
    }
}
