package dev.postcard.cli;

import static dev.postcard.cli.CliServers.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.storage.Dialect;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code postcard replay}: a period replayed in windows that add up to one replay of the whole, on each database. */
class ReplayCommandTest {
    private static final CliServers SERVERS = new CliServers();

    @AfterAll
    static void stop() {
        SERVERS.close();
    }

    private static Cli.Run cli(Dialect db, String tenant, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", SERVERS.url(db), "--api-key", ADMIN, "--tenant", tenant));
        return Cli.run(all.toArray(String[]::new));
    }

    /** A tenant with events on the edges of three one-second windows from {@code t0}, and a webhook made after them. */
    private static String webhookWithHistory(Dialect db, String tenant, Instant t0) {
        for (int i = 0; i <= 3; i++) {
            post(db, tenant, "email.delivered", t0.plusSeconds(i));
        }
        post(db, tenant, "email.bounced", t0.plusMillis(1500));
        post(db, tenant, "email.opened", t0.plusMillis(2999));
        return cli(db, tenant, "webhooks", "create", "--url", "https://hooks.example.com/in", "--events", "email.*",
                "--json").json().path("id").asText();
    }

    private static void post(Dialect db, String tenant, String type, Instant at) {
        var created = SERVERS.post(db, "/v1/events", tenant, "{\"type\": \"" + type + "\", \"created_at\": \"" + at
                + "\", \"data\": {\"to\": \"ada@example.com\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void windowsAddUpToOneReplayOfTheWholePeriod(Dialect db) {
        Instant t0 = SERVERS.clock(db).instant().minus(Duration.ofHours(1));
        String since = t0.toString();
        String until = t0.plusSeconds(3).toString();
        String windowed = SERVERS.tenant(db);
        String windowedHook = webhookWithHistory(db, windowed, t0);
        Cli.Run replayed = cli(db, windowed, "replay", "--webhook", windowedHook, "--since", since, "--until", until,
                "--windows", "3");
        assertThat(replayed.exit()).as(replayed.err()).isZero();
        assertThat(replayed.out().strip()).isEqualTo("replayed 5 events to " + windowedHook);
        assertThat(replayed.err()).as("no progress bar when stderr is not a terminal").isEmpty();
        JsonNode deliveries = cli(db, windowed, "webhooks", "deliveries", windowedHook, "--json").json();
        assertThat(deliveries).hasSize(5);
        assertThat(deliveries).extracting(d -> d.path("event_id").asText()).doesNotHaveDuplicates();

        String whole = SERVERS.tenant(db);
        String wholeHook = webhookWithHistory(db, whole, t0);
        JsonNode once = cli(db, whole, "replay", "--webhook", wholeHook, "--since", since, "--until", until,
                "--windows", "1", "--json").json();
        assertThat(once.path("replayed").asInt()).isEqualTo(5);
        assertThat(once.path("windows").asInt()).isEqualTo(1);

        JsonNode again = cli(db, whole, "replay", "--webhook", wholeHook, "--since", since, "--until", until, "--json")
                .json();
        assertThat(again.path("replayed").asInt()).as("each is pending now: owed once").isZero();

        // Windows sized by counting them: the events bunch up within three seconds of a period of a day.
        String counted = SERVERS.tenant(db);
        String countedHook = webhookWithHistory(db, counted, t0);
        JsonNode adaptive = cli(db, counted, "replay", "--webhook", countedHook, "--since",
                t0.minus(Duration.ofHours(12)).toString(), "--until", t0.plus(Duration.ofHours(12)).toString(),
                "--window-events", "2", "--json").json();
        assertThat(adaptive.path("replayed").asInt()).isEqualTo(6);
        assertThat(adaptive.path("windows").asInt()).isGreaterThanOrEqualTo(3);
        JsonNode countedDeliveries = cli(db, counted, "webhooks", "deliveries", countedHook, "--json").json();
        assertThat(countedDeliveries).hasSize(6);
        assertThat(countedDeliveries).extracting(d -> d.path("event_id").asText()).doesNotHaveDuplicates();

        String typed = SERVERS.tenant(db);
        String typedHook = webhookWithHistory(db, typed, t0);
        Cli.Run onlyBounces = cli(db, typed, "replay", "--webhook", typedHook, "--since", since, "--until", until,
                "--types", "bounced,opened", "--windows", "2");
        assertThat(onlyBounces.out().strip()).isEqualTo("replayed 2 events to " + typedHook);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void badPeriodsAndUnknownWebhooksAreRefusedBeforeAnythingIsSent(Dialect db) {
        String tenant = SERVERS.tenant(db);
        Instant t0 = SERVERS.clock(db).instant().minus(Duration.ofHours(1));
        String hook = webhookWithHistory(db, tenant, t0);
        Cli.Run backwards = cli(db, tenant, "replay", "--webhook", hook, "--since", t0.toString(), "--until",
                t0.minusSeconds(1).toString());
        assertThat(backwards.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(backwards.err()).startsWith("postcard: 400 ").contains("(until)").hasLineCount(1);
        Cli.Run badType = cli(db, tenant, "replay", "--webhook", hook, "--since", t0.toString(), "--until",
                t0.plusSeconds(9).toString(), "--types", "teleported");
        assertThat(badType.err()).contains("(types)");
        assertThat(cli(db, tenant, "webhooks", "deliveries", hook, "--json").json()).as("nothing was replayed").isEmpty();
        assertThat(cli(db, tenant, "replay", "--webhook", "wh_nope", "--since", t0.toString(), "--until",
                t0.plusSeconds(1).toString()).exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(cli(db, tenant, "replay", "--webhook", hook, "--until", t0.toString()).exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli(db, tenant, "replay", "--webhook", hook, "--since", t0.toString(), "--until",
                t0.plusSeconds(1).toString(), "--windows", "0").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void windowEdgesAreContiguousWholeMillisecondsFromSinceToUntil() {
        Instant from = Instant.parse("2030-01-01T00:00:00Z");
        Instant to = Instant.parse("2030-01-01T00:00:01Z");
        assertThat(ReplayCommand.edges(from, to, 3)).containsExactly(from, Instant.parse("2030-01-01T00:00:00.333Z"),
                Instant.parse("2030-01-01T00:00:00.666Z"), to);
        assertThat(ReplayCommand.edges(from, from.plusMillis(2), 10)).as("no window without time")
                .containsExactly(from, from.plusMillis(1), from.plusMillis(2));
        assertThat(ReplayCommand.edges(from, to, 1)).containsExactly(from, to);
    }
}
