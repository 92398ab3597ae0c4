package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code postcard emails get ID}: a message, where it stands, and its timeline; {@code emails cancel ID}. */
@Command(name = "emails", mixinStandardHelpOptions = true, description = "Look up messages; cancel a scheduled send.",
        subcommands = {EmailsCommand.Get.class, EmailsCommand.Cancel.class})
final class EmailsCommand extends CommandGroup {
    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a message and its timeline, oldest first.")
    static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the message id, msg_...")
        String id;

        @Override
        public Integer call() {
            JsonNode email = client().get("/v1/emails/" + ApiClient.segment(id), Map.of());
            if (json()) {
                return show(email);
            }
            ObjectNode shown = email.deepCopy();
            List<String> tags = new ArrayList<>();
            email.path("tags").forEach(t -> tags.add(t.asText()));
            shown.put("tags", String.join(",", tags));
            shown.put("opens", email.at("/opens/total").asLong() + " (" + email.at("/opens/human").asLong() + " human)");
            shown.put("clicks", email.at("/clicks/total").asLong() + " (" + email.at("/clicks/human").asLong() + " human)");
            Output.fields(out(), shown, "id", "status", "to", "from", "subject", "tags", "provider",
                    "provider_message_id", "opens", "clicks", "created_at", "updated_at");
            TablePrinter timeline = new TablePrinter("TIME", "TYPE", "EVENT");
            email.path("events").forEach(e -> timeline.row(e.path("created_at"), e.path("type"), e.path("id")));
            if (!timeline.isEmpty()) {
                out().println();
                timeline.print(out());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a send that has not been handed over yet (scheduled or queued).")
    static final class Cancel extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the message id, msg_...")
        String id;

        @Override
        public Integer call() {
            JsonNode email = client().deleteReading("/v1/emails/" + ApiClient.segment(id));
            if (json()) {
                return show(email);
            }
            out().println("canceled " + id);
            out().flush();
            return ExitCodes.OK;
        }
    }
}
