package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code postcard webhooks ...}: the tenant's endpoints, their tests, secrets and deliveries. */
@Command(name = "webhooks", mixinStandardHelpOptions = true, description = "Manage webhook endpoints.",
        subcommands = {WebhooksCommand.Create.class, WebhooksCommand.ListWebhooks.class, WebhooksCommand.Get.class,
                WebhooksCommand.Update.class, WebhooksCommand.Delete.class, WebhooksCommand.Enable.class,
                WebhooksCommand.Disable.class, WebhooksCommand.Test.class, WebhooksCommand.RotateSecret.class,
                WebhooksCommand.Deliveries.class})
final class WebhooksCommand extends CommandGroup {
    static final String[] FIELDS = {"id", "url", "events", "enabled", "disabled_reason", "description", "created_at",
            "updated_at"};

    static String path(String id) {
        return "/v1/webhooks/" + ApiClient.segment(id);
    }

    static ArrayNode events(List<String> events) {
        ArrayNode array = EventCodec.MAPPER.createArrayNode();
        events.stream().map(String::strip).filter(e -> !e.isEmpty()).forEach(array::add);
        return array;
    }

    /** {@code email.delivered, email.bounced} rather than JSON's brackets and quotes. */
    static String events(JsonNode events) {
        List<String> names = new java.util.ArrayList<>();
        events.forEach(e -> names.add(e.asText()));
        return String.join(",", names);
    }

    static int showWebhook(ClientCommand command, JsonNode webhook, String... extra) {
        if (command.json()) {
            return command.show(webhook);
        }
        ObjectNode shown = webhook.deepCopy();
        shown.put("events", events(webhook.path("events")));
        List<String> fields = new java.util.ArrayList<>(List.of(FIELDS));
        fields.addAll(List.of(extra));
        return command.show(shown, fields.toArray(String[]::new));
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an endpoint; its secret is shown once.")
    static final class Create extends ClientCommand {
        @Option(names = "--url", required = true, description = "where events are POSTed")
        String url;

        @Option(names = "--events", required = true, split = ",", paramLabel = "TYPE",
                description = "event types or aliases, comma-separated or repeated: email.delivered,email.bounced")
        List<String> events;

        @Option(names = "--secret", description = "the signing secret; generated when absent")
        String secret;

        @Option(names = "--description", description = "what the endpoint is for")
        String description;

        @Option(names = "--disabled", description = "create it disabled")
        boolean disabled;

        @Override
        public Integer call() {
            ObjectNode body = EventCodec.MAPPER.createObjectNode().put("url", url);
            body.set("events", events(events));
            if (secret != null) {
                body.put("secret", secret);
            }
            if (description != null) {
                body.put("description", description);
            }
            if (disabled) {
                body.put("enabled", false);
            }
            JsonNode webhook = client().post("/v1/webhooks", body);
            int status = showWebhook(this, webhook, "secret");
            if (!json()) {
                err().println("the secret is shown only now and by rotate-secret: store it with the receiver");
                err().flush();
            }
            return status;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List endpoints.")
    static final class ListWebhooks extends ClientCommand {
        @Option(names = "--limit", defaultValue = "500", description = "at most this many")
        int limit;

        @Override
        public Integer call() {
            List<JsonNode> webhooks = client().list("/v1/webhooks", Map.of(), limit);
            TablePrinter table = new TablePrinter("ID", "URL", "EVENTS", "ENABLED", "DESCRIPTION");
            webhooks.forEach(w -> table.row(w.path("id"), w.path("url"), events(w.path("events")), w.path("enabled"),
                    w.path("description")));
            return show(webhooks, table);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show an endpoint.")
    static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the webhook id, wh_...")
        String id;

        @Override
        public Integer call() {
            return showWebhook(this, client().get(path(id), Map.of()));
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change an endpoint; what is not given stays.")
    static final class Update extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the webhook id, wh_...")
        String id;

        @Option(names = "--url", description = "the new URL")
        String url;

        @Option(names = "--events", split = ",", paramLabel = "TYPE", description = "the new event types (replace the old)")
        List<String> events;

        @Option(names = "--description", description = "the new description")
        String description;

        @Option(names = "--enabled", arity = "1", paramLabel = "true|false", description = "enable or disable")
        Boolean enabled;

        @Override
        public Integer call() {
            ObjectNode body = EventCodec.MAPPER.createObjectNode();
            if (url != null) {
                body.put("url", url);
            }
            if (events != null) {
                body.set("events", events(events));
            }
            if (description != null) {
                body.put("description", description);
            }
            if (enabled != null) {
                body.put("enabled", enabled);
            }
            if (body.isEmpty()) {
                throw new CliException("nothing to change: give --url, --events, --description or --enabled",
                        ExitCodes.USAGE);
            }
            return showWebhook(this, client().patch(path(id), body));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an endpoint and its deliveries.")
    static final class Delete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the webhook id, wh_...")
        String id;

        @Override
        public Integer call() {
            client().delete(path(id));
            return done(id, "deleted");
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable an endpoint.")
    static final class Enable extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the webhook id, wh_...")
        String id;

        @Override
        public Integer call() {
            return showWebhook(this, client().patch(path(id), EventCodec.MAPPER.createObjectNode().put("enabled", true)));
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable an endpoint: nothing is sent to it.")
    static final class Disable extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the webhook id, wh_...")
        String id;

        @Override
        public Integer call() {
            return showWebhook(this, client().patch(path(id), EventCodec.MAPPER.createObjectNode().put("enabled", false)));
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Send a sample event now and print the receiver's answer; exit 1 when it did not take it.")
    static final class Test extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the webhook id, wh_...")
        String id;

        @Option(names = "--event-type", defaultValue = "email.delivered", description = "the sample's type")
        String eventType;

        @Override
        public Integer call() {
            JsonNode answer = client().post(path(id) + "/test",
                    EventCodec.MAPPER.createObjectNode().put("event_type", eventType));
            show(answer, "success", "status", "latency_ms", "response", "error");
            return answer.path("success").asBoolean() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    @Command(name = "rotate-secret", mixinStandardHelpOptions = true,
            description = "Replace the signing secret; the old one still signs for 24 hours.")
    static final class RotateSecret extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the webhook id, wh_...")
        String id;

        @Option(names = "--secret", description = "the new secret; generated when absent")
        String secret;

        @Override
        public Integer call() {
            ObjectNode body = EventCodec.MAPPER.createObjectNode();
            if (secret != null) {
                body.put("secret", secret);
            }
            return show(client().post(path(id) + "/rotate-secret", body), "secret", "previous_secret_expires_at");
        }
    }

    @Command(name = "deliveries", mixinStandardHelpOptions = true, description = "List an endpoint's deliveries, newest first.")
    static final class Deliveries extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the webhook id, wh_...")
        String id;

        @Option(names = "--status", description = "pending, succeeded or failed")
        String status;

        @Option(names = "--limit", defaultValue = "50", description = "at most this many")
        int limit;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            if (status != null) {
                query.put("status", status);
            }
            List<JsonNode> deliveries = client().list(path(id) + "/deliveries", query, limit);
            return show(deliveries, DeliveriesCommand.table(deliveries));
        }
    }
}
