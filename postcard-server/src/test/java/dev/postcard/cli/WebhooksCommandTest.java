package dev.postcard.cli;

import static dev.postcard.cli.CliServers.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.postcard.storage.Dialect;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code postcard webhooks ...} and {@code postcard deliveries ...} against a real server on each database. */
class WebhooksCommandTest {
    /** One retry a second after the first attempt: a delivery to a broken endpoint fails once the clock moves. */
    private static final CliServers SERVERS = new CliServers(
            settings -> settings.deliveryRetrySchedule(List.of(Duration.ofSeconds(1))));
    private static HttpServer receiver;

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/ok", exchange -> answer(exchange, 200, "thanks"));
        receiver.createContext("/broken", exchange -> answer(exchange, 500, "down for maintenance"));
        receiver.start();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String text) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
        SERVERS.close();
    }

    private static String receiverUrl(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    /** {@code args} and the connection options for this database and tenant. */
    private static Cli.Run cli(Dialect db, String tenant, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 6);
        System.arraycopy(new String[] {"--server", SERVERS.url(db), "--api-key", ADMIN, "--tenant", tenant}, 0, all,
                args.length, 6);
        return Cli.run(all);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void createReadsAsItsLineAndTheEndpointIsListedChangedAndDeleted(Dialect db) {
        String tenant = SERVERS.tenant(db);
        Cli.Run created = cli(db, tenant, "webhooks", "create", "--url", "https://hooks.example.com/in",
                "--events", "email.delivered,email.bounced", "--events", "opened", "--secret", "a-long-secret-0123456789",
                "--json");
        assertThat(created.exit()).as(created.err()).isZero();
        JsonNode webhook = created.json();
        String id = webhook.path("id").asText();
        assertThat(id).startsWith("wh_");
        assertThat(webhook.path("events")).extracting(JsonNode::asText)
                .containsExactly("email.delivered", "email.bounced", "opened");
        assertThat(webhook.path("secret").asText()).isEqualTo("a-long-secret-0123456789");

        Cli.Run text = cli(db, tenant, "webhooks", "create", "--url", "https://other.example.com/in", "--events",
                "email.*", "--description", "a second one");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).containsPattern("(?m)^secret +whsec_").containsPattern("(?m)^events +email\\.\\*$");

        Cli.Run listed = cli(db, tenant, "webhooks", "list");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out().lines().toList()).hasSize(3).first().asString().startsWith("ID").contains("URL", "EVENTS");
        assertThat(listed.out()).contains(id, "https://hooks.example.com/in", "email.delivered,email.bounced,opened",
                "a second one").doesNotContain("secret");
        assertThat(cli(db, tenant, "webhooks", "list", "--json").json()).hasSize(2);
        assertThat(cli(db, SERVERS.tenant(db), "webhooks", "list").out()).as("another tenant's list").isEmpty();

        Cli.Run read = cli(db, tenant, "webhooks", "get", id);
        assertThat(read.out()).containsPattern("(?m)^enabled +true$").doesNotContain("a-long-secret");

        Cli.Run updated = cli(db, tenant, "webhooks", "update", id, "--url", "https://hooks.example.com/v2",
                "--events", "bounced", "--description", "moved", "--json");
        assertThat(updated.exit()).as(updated.err()).isZero();
        assertThat(updated.json().path("url").asText()).isEqualTo("https://hooks.example.com/v2");
        assertThat(updated.json().path("events")).extracting(JsonNode::asText).containsExactly("bounced");
        assertThat(updated.json().path("description").asText()).isEqualTo("moved");

        assertThat(cli(db, tenant, "webhooks", "disable", id, "--json").json().path("enabled").asBoolean()).isFalse();
        assertThat(cli(db, tenant, "webhooks", "update", id, "--enabled", "true", "--json").json().path("enabled")
                .asBoolean()).isTrue();
        assertThat(cli(db, tenant, "webhooks", "disable", id).exit()).isZero();
        assertThat(cli(db, tenant, "webhooks", "enable", id, "--json").json().path("enabled").asBoolean()).isTrue();

        Cli.Run rotated = cli(db, tenant, "webhooks", "rotate-secret", id, "--secret", "another-long-secret-987654");
        assertThat(rotated.exit()).as(rotated.err()).isZero();
        assertThat(rotated.out()).containsPattern("(?m)^secret +another-long-secret-987654$")
                .contains("previous_secret_expires_at");

        Cli.Run deleted = cli(db, tenant, "webhooks", "delete", id);
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        assertThat(deleted.out().strip()).isEqualTo("deleted " + id);
        Cli.Run gone = cli(db, tenant, "webhooks", "get", id);
        assertThat(gone.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(gone.err()).startsWith("postcard: 404 ").hasLineCount(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void badInputIsAUsageErrorAndTheServersRefusalsHaveTheirStatus(Dialect db) {
        String tenant = SERVERS.tenant(db);
        Cli.Run noEvents = cli(db, tenant, "webhooks", "create", "--url", "https://hooks.example.com/in");
        assertThat(noEvents.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noEvents.err()).startsWith("postcard: Missing required option: '--events=TYPE'").hasLineCount(1);
        assertThat(cli(db, tenant, "webhooks", "get").exit()).isEqualTo(ExitCodes.USAGE);
        Cli.Run nothing = cli(db, tenant, "webhooks", "update", "wh_x");
        assertThat(nothing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(nothing.err()).contains("nothing to change");

        Cli.Run badType = cli(db, tenant, "webhooks", "create", "--url", "https://hooks.example.com/in", "--events",
                "email.teleported");
        assertThat(badType.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(badType.err()).startsWith("postcard: 400 ").contains("(events)").hasLineCount(1);
        for (String command : new String[] {"get", "delete", "enable", "disable", "test", "rotate-secret", "deliveries"}) {
            assertThat(cli(db, tenant, "webhooks", command, "wh_nope").exit()).as(command).isEqualTo(ExitCodes.NOT_FOUND);
        }
        assertThat(cli(db, tenant, "deliveries", "get", "dlv_nope").exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(cli(db, tenant, "deliveries", "retry", "dlv_nope").exit()).isEqualTo(ExitCodes.NOT_FOUND);
        Cli.Run badKey = Cli.run("webhooks", "list", "--server", SERVERS.url(db), "--api-key", "pck_wrong_key_000000000");
        assertThat(badKey.exit()).isEqualTo(ExitCodes.REFUSED_AUTH);
        assertThat(badKey.err()).startsWith("postcard: 401 ");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void testPrintsTheReceiversAnswerAndDeliveriesShowTheAttempts(Dialect db) throws Exception {
        String tenant = SERVERS.tenant(db);
        String ok = cli(db, tenant, "webhooks", "create", "--url", receiverUrl("/ok"), "--events", "email.delivered",
                "--json").json().path("id").asText();
        Cli.Run tested = cli(db, tenant, "webhooks", "test", ok);
        assertThat(tested.exit()).as(tested.err()).isZero();
        assertThat(tested.out()).containsPattern("(?m)^success +true$").containsPattern("(?m)^status +200$")
                .containsPattern("(?m)^response +thanks$").containsPattern("(?m)^latency_ms +\\d+$")
                .containsPattern("(?m)^error +-$");
        assertThat(cli(db, tenant, "webhooks", "test", ok, "--event-type", "bounced", "--json").json()
                .path("success").asBoolean()).isTrue();

        String broken = cli(db, tenant, "webhooks", "create", "--url", receiverUrl("/broken"), "--events",
                "email.delivered", "--json").json().path("id").asText();
        Cli.Run refused = cli(db, tenant, "webhooks", "test", broken);
        assertThat(refused.exit()).as("the receiver did not take it").isEqualTo(ExitCodes.FAILURE);
        assertThat(refused.out()).containsPattern("(?m)^status +500$").contains("down for maintenance");

        SERVERS.post(db, "/v1/events", tenant, "{\"id\": \"evt_cli_dlv\", \"type\": \"email.delivered\", \"data\": {}}");
        JsonNode delivery = awaitAttempt(db, tenant, broken);
        assertThat(delivery.path("event_id").asText()).isEqualTo("evt_cli_dlv");
        assertThat(cli(db, tenant, "webhooks", "deliveries", broken, "--status", "succeeded").out()).isEmpty();
        Cli.Run listed = cli(db, tenant, "webhooks", "deliveries", broken, "--status", "pending");
        assertThat(listed.out()).contains(delivery.path("id").asText(), "evt_cli_dlv", "pending", "500");
        Cli.Run badStatus = cli(db, tenant, "webhooks", "deliveries", broken, "--status", "lost");
        assertThat(badStatus.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(badStatus.err()).contains("400", "(status)");

        Cli.Run read = cli(db, tenant, "deliveries", "get", delivery.path("id").asText());
        assertThat(read.exit()).as(read.err()).isZero();
        assertThat(read.out()).containsPattern("(?m)^status +pending$").containsPattern("(?m)^last_status_code +500$")
                .containsPattern("(?m)^TIME +STATUS +LATENCY MS").contains("down for maintenance");
        assertThat(cli(db, tenant, "deliveries", "get", delivery.path("id").asText(), "--json").json()
                .path("attempt_log")).isNotEmpty();
        Cli.Run early = cli(db, tenant, "deliveries", "retry", delivery.path("id").asText());
        assertThat(early.exit()).as("only a failed delivery is retried").isEqualTo(ExitCodes.FAILURE);
        assertThat(early.err()).startsWith("postcard: 409 ").contains("(status)");

        SERVERS.clock(db).advance(Duration.ofSeconds(2));
        awaitStatus(db, tenant, delivery.path("id").asText(), "failed");
        Cli.Run retried = cli(db, tenant, "deliveries", "retry", delivery.path("id").asText());
        assertThat(retried.exit()).as(retried.err()).isZero();
        assertThat(retried.out()).containsPattern("(?m)^status +pending$").containsPattern("(?m)^attempts +2$");
    }

    private static void awaitStatus(Dialect db, String tenant, String delivery, String status) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (cli(db, tenant, "deliveries", "get", delivery, "--json").json().path("status").asText().equals(status)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("delivery " + delivery + " never became " + status);
    }

    /** The delivery of the event to the endpoint once its first attempt is logged (the worker runs on its own). */
    private static JsonNode awaitAttempt(Dialect db, String tenant, String webhook) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            JsonNode deliveries = cli(db, tenant, "webhooks", "deliveries", webhook, "--json").json();
            if (!deliveries.isEmpty() && deliveries.get(0).path("attempts").asInt() > 0) {
                return deliveries.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no attempt was logged");
    }
}
