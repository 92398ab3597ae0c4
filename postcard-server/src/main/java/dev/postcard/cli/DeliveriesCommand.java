package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.postcard.event.EventCodec;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code postcard deliveries get|retry}: one delivery of an event to an endpoint. */
@Command(name = "deliveries", mixinStandardHelpOptions = true, description = "Inspect and retry deliveries.",
        subcommands = {DeliveriesCommand.Get.class, DeliveriesCommand.Retry.class})
final class DeliveriesCommand extends CommandGroup {
    static final String[] FIELDS = {"id", "webhook_id", "event_id", "status", "attempts", "next_attempt_at",
            "last_status_code", "last_error", "created_at", "completed_at"};

    static TablePrinter table(List<JsonNode> deliveries) {
        TablePrinter table = new TablePrinter("ID", "EVENT", "STATUS", "ATTEMPTS", "LAST CODE", "LAST ERROR", "CREATED");
        deliveries.forEach(d -> table.row(d.path("id"), d.path("event_id"), d.path("status"), d.path("attempts"),
                d.path("last_status_code"), d.path("last_error"), d.path("created_at")));
        return table;
    }

    private static String path(String id) {
        return "/v1/deliveries/" + ApiClient.segment(id);
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a delivery with its attempt log.")
    static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the delivery id, dlv_...")
        String id;

        @Override
        public Integer call() {
            JsonNode delivery = client().get(path(id), Map.of());
            if (json()) {
                return show(delivery);
            }
            Output.fields(out(), delivery, FIELDS);
            JsonNode log = delivery.path("attempt_log");
            if (!log.isEmpty()) {
                out().println();
                TablePrinter table = new TablePrinter("TIME", "STATUS", "LATENCY MS", "ERROR CLASS", "ERROR", "RESPONSE");
                log.forEach(a -> table.row(a.path("time"), a.path("status_code"), a.path("latency_ms"),
                        a.path("error_class"), a.path("error"), a.path("response_excerpt")));
                table.print(out());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true, description = "Send a delivery again now.")
    static final class Retry extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the delivery id, dlv_...")
        String id;

        @Override
        public Integer call() {
            return show(client().post(path(id) + "/retry", EventCodec.MAPPER.createObjectNode()), FIELDS);
        }
    }
}
