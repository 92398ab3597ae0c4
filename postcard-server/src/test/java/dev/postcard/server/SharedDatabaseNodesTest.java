package dev.postcard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.postcard.delivery.JdbcDeliveryStore;
import dev.postcard.testing.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Three nodes share one PostgreSQL (DESIGN.md §3) under a steady load of events, and one of them is killed with
 * SIGKILL mid-run while the writers go on with the other two. Every acknowledged event is stored once and
 * delivered to both endpoints, once each except what the killed node had in flight (or an attempt that failed
 * and was retried). Meanwhile the decisions that several nodes take together are each taken and announced once:
 * a bounce rate crossing its threshold through bounces arriving at every node (one {@code alert.triggered} per
 * tenant), and the same address bounced, soft-bounced or unsubscribed through every node at the same moment (one
 * suppression, one {@code suppression.created}).
 */
class SharedDatabaseNodesTest {
    private static final int NODES = 3;
    private static final List<String> ALERT_TENANTS = List.of("default", "alerts-1", "alerts-2", "alerts-3");
    private static final int SENT_PER_TENANT = 100;
    private static final int BOUNCES_PER_NODE = 10; // 30 of 100 sent: the 10 % threshold is crossed at the 10th
    private static final int SAME_ADDRESS_ROUNDS = 10;
    /**
     * What one node can have in flight: its claimed and unfinished deliveries. (Per endpoint its adaptive limit,
     * at most 256, bounds the HTTP exchanges; answered attempts being recorded come on top.)
     */
    private static final int NODE_IN_FLIGHT = dev.postcard.delivery.DeliveryWorker.MAX_IN_FLIGHT;
    private static final String[] SETTINGS = {"--allow-private-networks",
        "--delivery-timeout", "2s", // the lease is the timeout plus 10 s: the killed node's deliveries return soon
        "--delivery-retry-schedule", String.join(",", java.util.Collections.nCopies(20, "1s")),
        "--alert-bounce-rate", "10%", "--alert-min-volume", "50"};
    // A small heap and C1 only: three nodes, PostgreSQL and the test share two cores.
    private static final List<String> JVM = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final NodeClient client = new NodeClient();
    private final ObjectMapper json = new ObjectMapper();
    private final List<ServerProcess> live = new CopyOnWriteArrayList<>();
    private String url;

    @Test
    void threeNodesUnderLoadOneKilledStoreAndDeliverEveryEventAndDecideEachAlertAndSuppressionOnce() throws Exception {
        url = TestDatabases.freshPostgresUrl();
        List<ServerProcess> nodes = startNodes();
        try (WebhookReceiver first = WebhookReceiver.start(); WebhookReceiver second = WebhookReceiver.start()) {
            Map<String, WebhookReceiver> receivers = Map.of(webhook(nodes.get(0), first), first,
                    webhook(nodes.get(1), second), second);
            // A node learns of another node's new webhook within its cache's lifetime: wait that out.
            Thread.sleep(JdbcDeliveryStore.DEFAULT_CACHE_TTL.plusMillis(500));
            for (String tenant : ALERT_TENANTS.subList(1, ALERT_TENANTS.size())) {
                assertThat(client.post(nodes.get(2), "default", "/v1/tenants",
                        "{\"id\": \"" + tenant + "\", \"name\": \"" + tenant + "\"}")).hasValueSatisfying(created ->
                        assertThat(created.statusCode()).as(created.body()).isEqualTo(201));
            }

            SteadyLoad load = new SteadyLoad(client, () -> List.copyOf(live), 6, 5, Duration.ofMillis(25));
            long killedAt;
            try {
                load.start();
                await("the load is under way", () -> load.acknowledged().size() >= 300, Duration.ofSeconds(60));

                for (String tenant : ALERT_TENANTS) {
                    assertThat(client.postEvent(nodes, tenant, sentEvents(tenant))).as("sent events of " + tenant).isTrue();
                }
                List<Callable<Void>> together = new ArrayList<>();
                for (String tenant : ALERT_TENANTS) {
                    for (int n = 0; n < NODES; n++) {
                        together.add(bounces(tenant, nodes.get(n), n));
                    }
                }
                together.addAll(sameAddressRounds(nodes, "same", "email.bounced", "\"bounce_type\": \"hard\""));
                together.addAll(sameAddressRounds(nodes, "soft", "email.bounced", "\"bounce_type\": \"soft\""));
                together.addAll(sameAddressRounds(nodes, "unsub", "email.unsubscribed", "\"method\": \"link\""));
                runTogether(together);
                await("every alert and suppression decided and announced", this::everythingAnnounced,
                        Duration.ofSeconds(60));

                nodes.get(NODES - 1).kill();
                killedAt = System.nanoTime();
                live.remove(nodes.get(NODES - 1));
                runTogether(sameAddressRounds(live, "after", "email.bounced", "\"bounce_type\": \"hard\""));
                Thread.sleep(3_000); // the survivors carry the load alone for a while
            } finally {
                load.close();
            }

            await("every stored event delivered to both endpoints, every suppression announced",
                    () -> everythingAnnounced() && receivers.values().stream().allMatch(r ->
                            r.received().keySet().containsAll(storedIds("default"))), Duration.ofSeconds(60));

            assertStoredOnce(load);
            assertDecidedOnce();
            assertDeliveredOnceExceptTheKilledNodesInFlight(receivers, killedAt);
        } finally {
            for (ServerProcess node : nodes) {
                node.close();
            }
        }
    }

    private void assertStoredOnce(SteadyLoad load) throws SQLException {
        assertThat(load.unacknowledged()).as("arrays no live node acknowledged").isEmpty();
        Set<String> stored = new HashSet<>(strings("SELECT id FROM events WHERE tenant_id = 'default'"
                + " AND id LIKE 'evt_load_%'"));
        assertThat(stored).as("acknowledged events stored").containsAll(load.acknowledged());
        assertThat(load.attempted()).as("nothing stored that was not sent").containsAll(stored);
        assertThat(strings("SELECT tenant_id || ' ' || id FROM events GROUP BY tenant_id, id HAVING COUNT(*) > 1"))
                .as("events stored twice").isEmpty();
    }

    private void assertDecidedOnce() throws Exception {
        for (String tenant : ALERT_TENANTS) {
            assertThat(strings("SELECT id FROM events WHERE tenant_id = ? AND type = 'alert.triggered'", tenant))
                    .as("alert.triggered events of " + tenant).hasSize(1);
        }
        Map<String, List<String>> announced = new HashMap<>();
        for (String row : strings("SELECT tenant_id || ' ' || payload FROM events WHERE type = 'suppression.created'")) {
            String tenant = row.substring(0, row.indexOf(' '));
            String address = json.readTree(row.substring(row.indexOf(' ') + 1)).path("data").path("address").asText();
            announced.computeIfAbsent(tenant + " " + address, k -> new ArrayList<>()).add(address);
        }
        List<String> suppressed = strings("SELECT tenant_id || ' ' || address FROM suppressions");
        Set<String> expected = new HashSet<>();
        for (String tenant : ALERT_TENANTS) {
            for (int n = 0; n < NODES; n++) {
                for (int i = 0; i < BOUNCES_PER_NODE; i++) {
                    expected.add(tenant + " " + bounceAddress(tenant, n, i));
                }
            }
        }
        for (String kind : List.of("same", "soft", "unsub", "after")) {
            for (int i = 0; i < SAME_ADDRESS_ROUNDS; i++) {
                expected.add("default " + kind + "-" + i + "@example.com");
            }
        }
        assertThat(suppressed).as("suppressed addresses").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(announced.keySet()).as("addresses announced").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(announced.values()).as("suppression.created events per address").allSatisfy(events ->
                assertThat(events).hasSize(1));
        assertThat(strings("SELECT address FROM suppressions WHERE address LIKE 'soft-%' AND reason <> 'soft_bounces'"))
                .as("three soft bounces in a row suppress for soft bounces").isEmpty();
    }

    private void assertDeliveredOnceExceptTheKilledNodesInFlight(Map<String, WebhookReceiver> receivers, long killedAt)
            throws SQLException {
        Set<String> stored = new HashSet<>(storedIds("default"));
        Set<String> failedAttempts = new HashSet<>(strings("SELECT d.webhook_id || ' ' || d.event_id FROM deliveries d"
                + " JOIN delivery_attempts a ON a.delivery_id = d.id"
                + " WHERE a.status_code IS NULL OR a.status_code NOT BETWEEN 200 AND 299"));
        List<String> inFlightOnTheKilledNode = new ArrayList<>();
        receivers.forEach((webhookId, receiver) -> {
            Map<String, WebhookReceiver.Received> received = receiver.received();
            assertThat(stored).as("delivered to " + webhookId + " but never stored").containsAll(received.keySet());
            assertThat(received.keySet()).as("stored but not delivered to " + webhookId).containsAll(stored);
            assertThat(received.values().stream().filter(r -> "alert.triggered".equals(r.type())))
                    .as("alert.triggered delivered to " + webhookId).hasSize(1);
            received.forEach((eventId, r) -> {
                if (r.arrivals().size() > 1 && !failedAttempts.contains(webhookId + " " + eventId)) {
                    assertThat(r.arrivals().getFirst()).as("%s delivered %d times to %s with no failed attempt:"
                            + " only a delivery in flight on the killed node may repeat", eventId,
                            r.arrivals().size(), webhookId).isLessThan(killedAt);
                    inFlightOnTheKilledNode.add(webhookId + " " + eventId);
                }
            });
        });
        System.out.printf("%d events stored, delivered to %d endpoints; repeated: %d deliveries the killed node had"
                + " in flight %s, %d after a failed attempt%n", stored.size(), receivers.size(),
                inFlightOnTheKilledNode.size(), inFlightOnTheKilledNode, failedAttempts.size());
        assertThat(inFlightOnTheKilledNode).as("at most what one node has in flight: %d deliveries",
                NODE_IN_FLIGHT).hasSizeLessThanOrEqualTo(NODE_IN_FLIGHT);
    }

    // ------------------------------------------------------------------------------------------------ scenarios

    private List<ServerProcess> startNodes() throws Exception {
        ExecutorService starting = Executors.newFixedThreadPool(NODES);
        try {
            List<Future<ServerProcess>> started = new ArrayList<>();
            for (int n = 0; n < NODES; n++) {
                started.add(starting.submit(() -> ServerProcess.start(JVM, url,
                        Files.createTempDirectory("postcard-node"), SETTINGS)));
            }
            for (Future<ServerProcess> node : started) {
                live.add(node.get());
            }
            return List.copyOf(live);
        } finally {
            starting.shutdown();
        }
    }

    /** Creates a webhook on every event type through {@code node}; returns its id. */
    private String webhook(ServerProcess node, WebhookReceiver receiver) throws Exception {
        HttpResponse<String> created = client.post(node, "default", "/v1/webhooks",
                "{\"url\": \"" + receiver.url() + "\", \"events\": [\"*\"]}").orElseThrow();
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).path("id").asText();
    }

    private static String sentEvents(String tenant) {
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < SENT_PER_TENANT; i++) {
            events.append(i == 0 ? "" : ",").append("{\"id\": \"evt_sent_").append(tenant).append('_').append(i)
                    .append("\", \"type\": \"email.sent\", \"data\": {\"to\": \"sent-").append(i)
                    .append("@example.com\"}}");
        }
        return events.append(']').toString();
    }

    /** Hard bounces of distinct addresses through one node: with the other nodes' they cross the threshold. */
    private Callable<Void> bounces(String tenant, ServerProcess node, int n) {
        return () -> {
            for (int i = 0; i < BOUNCES_PER_NODE; i++) {
                String event = "{\"id\": \"evt_bounce_" + tenant + "_" + n + "_" + i + "\", \"type\": \"email.bounced\","
                        + " \"data\": {\"to\": \"" + bounceAddress(tenant, n, i) + "\", \"bounce_type\": \"hard\"}}";
                assertThat(client.post(node, tenant, "/v1/events", event)).hasValueSatisfying(answer ->
                        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201));
            }
            return null;
        };
    }

    private static String bounceAddress(String tenant, int node, int i) {
        return "bounce-" + tenant + "-" + node + "-" + i + "@example.com";
    }

    /**
     * One task per node; in each round every node records an event of {@code type} about the same address (each
     * its own event), all at the same moment.
     */
    private List<Callable<Void>> sameAddressRounds(List<ServerProcess> through, String kind, String type,
                                                   String fields) {
        CyclicBarrier together = new CyclicBarrier(through.size());
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int n = 0; n < through.size(); n++) {
            ServerProcess node = through.get(n);
            int nodeIndex = n;
            tasks.add(() -> {
                for (int i = 0; i < SAME_ADDRESS_ROUNDS; i++) {
                    String event = "{\"id\": \"evt_" + kind + "_" + i + "_" + nodeIndex + "\", \"type\": \"" + type
                            + "\", \"data\": {\"to\": \"" + kind + "-" + i + "@example.com\", " + fields + "}}";
                    together.await(30, TimeUnit.SECONDS);
                    assertThat(client.post(node, "default", "/v1/events", event)).hasValueSatisfying(answer ->
                            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201));
                }
                return null;
            });
        }
        return tasks;
    }

    private static void runTogether(List<Callable<Void>> tasks) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> running = new ArrayList<>();
            for (Callable<Void> task : tasks) {
                running.add(threads.submit(task));
            }
            for (Future<Void> task : running) {
                task.get();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ the database

    private boolean everythingAnnounced() {
        try {
            return strings("SELECT tenant_id FROM alert_states WHERE kind = 'bounce_rate' AND announced")
                    .containsAll(ALERT_TENANTS)
                    && strings("SELECT address FROM suppressions WHERE NOT announced").isEmpty();
        } catch (SQLException e) {
            return false;
        }
    }

    private List<String> storedIds(String tenant) {
        try {
            return strings("SELECT id FROM events WHERE tenant_id = ?", tenant);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> strings(String sql, String... parameters) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement query = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    private static void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s for: %s", timeout, what).isLessThan(deadline);
            Thread.sleep(250);
        }
    }
}
