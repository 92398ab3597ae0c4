package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code postcard tenants create|list|get|update}: tenants, with an admin key. */
@Command(name = "tenants", mixinStandardHelpOptions = true, description = "Manage tenants (admin key).",
        subcommands = {TenantsCommand.Create.class, TenantsCommand.ListTenants.class, TenantsCommand.Get.class,
                TenantsCommand.Update.class})
final class TenantsCommand extends CommandGroup {
    static final String[] FIELDS = {"id", "name", "created_at", "send_transports"};

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a tenant.")
    static final class Create extends ClientCommand {
        @Option(names = "--id", required = true, description = "the tenant's id, chosen by you (e.g. acme)")
        String id;

        @Option(names = "--name", required = true, description = "its name for people")
        String name;

        @Override
        public Integer call() {
            return show(client().post("/v1/tenants", EventCodec.MAPPER.createObjectNode().put("id", id).put("name", name)),
                    FIELDS);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tenants.")
    static final class ListTenants extends ClientCommand {
        @Option(names = "--limit", defaultValue = "500", description = "at most this many")
        int limit;

        @Override
        public Integer call() {
            List<JsonNode> tenants = client().list("/v1/tenants", Map.of(), limit);
            TablePrinter table = new TablePrinter("ID", "NAME", "CREATED");
            tenants.forEach(t -> table.row(t.path("id"), t.path("name"), t.path("created_at")));
            return show(tenants, table);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a tenant.")
    static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the tenant id")
        String id;

        @Override
        public Integer call() {
            return show(client().get("/v1/tenants/" + ApiClient.segment(id), Map.of()), FIELDS);
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Choose the transports a tenant sends through, in failover order.")
    static final class Update extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the tenant id")
        String id;

        @Option(names = "--send-transports", split = ",", paramLabel = "NAME",
                description = "the configured transports' names, in failover order (e.g. eu-relay,sendgrid)")
        List<String> sendTransports;

        @Option(names = "--all-transports",
                description = "send through every configured transport, in the settings' order")
        boolean allTransports;

        @Override
        public Integer call() {
            if ((sendTransports == null) == !allTransports) {
                throw new CliException("give either --send-transports or --all-transports", ExitCodes.USAGE);
            }
            ObjectNode body = EventCodec.MAPPER.createObjectNode();
            if (allTransports) {
                body.putNull("send_transports");
            } else {
                sendTransports.forEach(body.putArray("send_transports")::add);
            }
            return show(client().patch("/v1/tenants/" + ApiClient.segment(id), body), FIELDS);
        }
    }
}
