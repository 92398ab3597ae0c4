package dev.postcard.cli;

import static dev.postcard.cli.CliServers.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.storage.Dialect;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@code tenants update}: which configured transports a tenant sends through. */
class TenantsUpdateCommandTest {
    /** Two named transports that are never reached: nothing is sent. */
    private static final CliServers SERVERS = new CliServers(b -> b.sendTransports(List.of(
            "smtp://127.0.0.1:1?starttls=optional&name=eu-relay", "sendgrid://SG.not-a-real-key@api.sendgrid.com")));
    private static final Dialect DB = Dialect.SQLITE;

    @AfterAll
    static void stop() {
        SERVERS.close();
    }

    private static Cli.Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", SERVERS.url(DB), "--api-key", ADMIN));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void aTenantsTransportsAreChosenInOrderAndResetToAll() {
        String tenant = SERVERS.tenant(DB);
        Cli.Run chosen = cli("tenants", "update", tenant, "--send-transports", "sendgrid,eu-relay");
        assertThat(chosen.exit()).as(chosen.err()).isZero();
        assertThat(chosen.out()).containsPattern("(?m)^send_transports +\\[\"sendgrid\",\"eu-relay\"]$");
        JsonNode shown = cli("tenants", "get", tenant, "--json").json();
        assertThat(shown.get("send_transports")).extracting(JsonNode::asText).containsExactly("sendgrid", "eu-relay");

        Cli.Run all = cli("tenants", "update", tenant, "--all-transports", "--json");
        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(all.json().get("send_transports").isNull()).isTrue();
        assertThat(cli("tenants", "get", tenant, "--json").json().get("send_transports").isNull()).isTrue();
    }

    @Test
    void aNameNoTransportHasIsRefusedWithTheServersWords() {
        String tenant = SERVERS.tenant(DB);
        Cli.Run refused = cli("tenants", "update", tenant, "--send-transports", "eu-relay,us-relay");
        assertThat(refused.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(refused.err()).contains("422").contains("send_transports[1]");
        assertThat(cli("tenants", "get", tenant, "--json").json().get("send_transports").isNull()).isTrue();
        assertThat(cli("tenants", "update", "nope", "--all-transports").exit()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void exactlyOneOfTheTwoOptionsIsGiven() {
        String tenant = SERVERS.tenant(DB);
        assertThat(cli("tenants", "update", tenant).exit()).isEqualTo(ExitCodes.USAGE);
        Cli.Run both = cli("tenants", "update", tenant, "--send-transports", "eu-relay", "--all-transports");
        assertThat(both.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("--send-transports or --all-transports");
    }
}
