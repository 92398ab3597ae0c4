package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code postcard send}: one {@code POST /v1/emails}, with the bodies and attachments read from files. Prints one
 * line per recipient (its {@code email_id} and whether it was queued, scheduled or dropped).
 */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Send an email through the server's transport: one tracked copy per recipient.")
final class SendCommand extends ClientCommand {
    @Option(names = "--from", required = true, description = "the sender, e.g. \"Shop <news@shop.example>\"")
    String from;

    @Option(names = "--to", required = true, split = ",", paramLabel = "ADDRESS", description = "recipients")
    List<String> to;

    @Option(names = "--cc", split = ",", paramLabel = "ADDRESS", description = "copied recipients (shown)")
    List<String> cc = List.of();

    @Option(names = "--bcc", split = ",", paramLabel = "ADDRESS", description = "blind-copied recipients")
    List<String> bcc = List.of();

    @Option(names = "--reply-to", split = ",", paramLabel = "ADDRESS", description = "where replies go")
    List<String> replyTo = List.of();

    @Option(names = "--subject", description = "the subject (not with --template)")
    String subject;

    @Option(names = "--html", paramLabel = "FILE", description = "the HTML body, read from FILE (UTF-8)")
    Path html;

    @Option(names = "--text", paramLabel = "FILE", description = "the plain-text body, read from FILE (UTF-8); derived from the HTML when absent")
    Path text;

    @Option(names = "--template", paramLabel = "ID", description = "send a stored template (tpl_...) instead of --subject, --html and --text")
    String template;

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "a template variable; repeat for more")
    Map<String, String> variables = new LinkedHashMap<>();

    @Option(names = "--tag", split = ",", paramLabel = "TAG", description = "tags for stats and filters")
    List<String> tags = List.of();

    @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "metadata carried in every event; repeat for more")
    Map<String, String> metadata = new LinkedHashMap<>();

    @Option(names = "--attach", paramLabel = "FILE", description = "attach a file; repeat for more")
    List<Path> attachments = List.of();

    @Option(names = "--send-at", paramLabel = "TIME", description = "hold the send until this ISO 8601 time")
    String sendAt;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "the same key with the same message answers the first send again, never sends twice")
    String idempotencyKey;

    @Option(names = "--no-track-opens", description = "no open-tracking pixel")
    boolean noTrackOpens;

    @Option(names = "--no-track-clicks", description = "leave links as they are")
    boolean noTrackClicks;

    @Override
    public Integer call() {
        if (template != null && (subject != null || html != null || text != null)) {
            throw new CliException("--template takes the subject and bodies from the template: leave out "
                    + "--subject, --html and --text", ExitCodes.USAGE);
        }
        if (template == null && (html == null && text == null)) {
            throw new CliException("give --html FILE, --text FILE or --template ID", ExitCodes.USAGE);
        }
        Map<String, String> headers = idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey);
        JsonNode answer = client().post("/v1/emails", body(), headers);
        if (json()) {
            Output.json(out(), answer);
            return ExitCodes.OK;
        }
        TablePrinter table = new TablePrinter("EMAIL_ID", "TO", "STATUS", "REASON");
        answer.path("data").forEach(e -> table.row(e.path("email_id"), e.path("to"), e.path("status"),
                e.path("reason").asText("")));
        table.print(out());
        return ExitCodes.OK;
    }

    private ObjectNode body() {
        ObjectNode body = EventCodec.MAPPER.createObjectNode();
        body.put("from", from);
        addresses(body, "to", to);
        addresses(body, "cc", cc);
        addresses(body, "bcc", bcc);
        addresses(body, "reply_to", replyTo);
        if (template != null) {
            body.put("template_id", template);
            ObjectNode vars = body.putObject("variables");
            variables.forEach(vars::put);
        } else {
            if (subject != null) {
                body.put("subject", subject);
            }
            if (html != null) {
                body.put("html", SourceFile.read("--html", html));
            }
            if (text != null) {
                body.put("text", SourceFile.read("--text", text));
            }
        }
        if (!tags.isEmpty()) {
            ArrayNode list = body.putArray("tags");
            tags.forEach(list::add);
        }
        if (!metadata.isEmpty()) {
            ObjectNode meta = body.putObject("metadata");
            metadata.forEach(meta::put);
        }
        if (!attachments.isEmpty()) {
            ArrayNode files = body.putArray("attachments");
            for (Path file : attachments) {
                files.addObject()
                        .put("filename", file.getFileName().toString())
                        .put("content", Base64.getEncoder().encodeToString(readBytes(file)));
            }
        }
        if (sendAt != null) {
            body.put("send_at", sendAt);
        }
        if (noTrackOpens) {
            body.put("track_opens", false);
        }
        if (noTrackClicks) {
            body.put("track_clicks", false);
        }
        return body;
    }

    private static void addresses(ObjectNode body, String field, List<String> values) {
        List<String> kept = new ArrayList<>();
        values.stream().map(String::strip).filter(v -> !v.isEmpty()).forEach(kept::add);
        if (!kept.isEmpty()) {
            ArrayNode list = body.putArray(field);
            kept.forEach(list::add);
        }
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException("--attach: cannot read " + file + ": no such file", ExitCodes.USAGE);
        } catch (IOException e) {
            throw new CliException("--attach: cannot read " + file + ": " + e.getMessage(), ExitCodes.USAGE);
        }
    }
}
