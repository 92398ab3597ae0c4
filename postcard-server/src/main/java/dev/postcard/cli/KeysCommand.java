package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code postcard keys create|list|revoke}: API keys of the caller's tenant. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage API keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand extends CommandGroup {
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key; it is shown once.")
    static final class Create extends ClientCommand {
        @Option(names = "--name", required = true, description = "what the key is for")
        String name;

        @Option(names = "--admin", description = "an admin key (needs an admin key)")
        boolean admin;

        @Override
        public Integer call() {
            ObjectNode body = EventCodec.MAPPER.createObjectNode().put("name", name);
            if (admin) {
                body.put("admin", true);
            }
            show(client().post("/v1/api-keys", body), "id", "key", "name", "admin", "created_at");
            if (!json()) {
                err().println("the key is shown only now: store it");
                err().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never the keys themselves).")
    static final class ListKeys extends ClientCommand {
        @Option(names = "--limit", defaultValue = "500", description = "at most this many")
        int limit;

        @Override
        public Integer call() {
            List<JsonNode> keys = client().list("/v1/api-keys", Map.of(), limit);
            TablePrinter table = new TablePrinter("ID", "PREFIX", "NAME", "ADMIN", "CREATED", "REVOKED");
            keys.forEach(k -> table.row(k.path("id"), k.path("prefix"), k.path("name"), k.path("admin"),
                    k.path("created_at"), k.path("revoked_at")));
            return show(keys, table);
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by its id.")
    static final class Revoke extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the key id, key_...")
        String id;

        @Override
        public Integer call() {
            client().delete("/v1/api-keys/" + ApiClient.segment(id));
            return done(id, "revoked");
        }
    }
}
