package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code postcard keys create|list|revoke}: API keys of the caller's tenant. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage API keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key; it is shown once.")
    static final class Create implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Option(names = "--name", required = true, description = "what the key is for")
        String name;

        @Option(names = "--admin", description = "an admin key (needs an admin key)")
        boolean admin;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ObjectNode body = EventCodec.MAPPER.createObjectNode().put("name", name);
            if (admin) {
                body.put("admin", true);
            }
            JsonNode key = server.client().post("/v1/api-keys", body);
            PrintWriter out = spec.commandLine().getOut();
            out.println("id:  " + key.path("id").asText());
            out.println("key: " + key.path("key").asText());
            out.println("(shown once: store it now)");
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never the keys themselves).")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (JsonNode key : server.client().get("/v1/api-keys", Map.of("limit", "500")).path("data")) {
                out.printf("%s  %-12s  %-24s  %s%s%n", key.path("id").asText(), key.path("prefix").asText(),
                        key.path("name").asText(), key.path("created_at").asText(),
                        key.path("revoked_at").isTextual() ? "  revoked " + key.path("revoked_at").asText() : "");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by its id.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Parameters(index = "0", description = "the key id, key_...")
        String id;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            server.client().delete("/v1/api-keys/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8));
            spec.commandLine().getOut().println("revoked " + id);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
