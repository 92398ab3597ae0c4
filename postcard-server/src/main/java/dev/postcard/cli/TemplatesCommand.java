package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code postcard templates list|get|create|update|delete|render}: Mustache templates for sending. */
@Command(name = "templates", mixinStandardHelpOptions = true, description = "Manage email templates.",
        subcommands = {TemplatesCommand.ListTemplates.class, TemplatesCommand.Get.class, TemplatesCommand.Create.class,
                TemplatesCommand.Update.class, TemplatesCommand.Delete.class, TemplatesCommand.Render.class})
final class TemplatesCommand extends CommandGroup {
    private static final List<String> PARTS = List.of("subject", "html", "text");

    private static String path(String id) {
        return "/v1/templates/" + ApiClient.segment(id);
    }

    /**
     * A template or a rendering: its one-line fields as a form, then each body part whole under its name, as
     * the sources are many lines long.
     */
    private static int showParts(ClientCommand command, JsonNode record, String... fields) {
        if (command.json()) {
            return command.show(record);
        }
        Output.fields(command.out(), record, fields);
        for (String part : List.of("html", "text")) {
            JsonNode value = record.path(part);
            if (value.isTextual()) {
                command.out().println();
                command.out().println(part + ":");
                command.out().println(value.asText());
            }
        }
        command.out().flush();
        return ExitCodes.OK;
    }

    private static int showTemplate(ClientCommand command, JsonNode template) {
        return showParts(command, template, "id", "name", "version", "subject", "created_at", "updated_at");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List templates, newest first.")
    static final class ListTemplates extends ClientCommand {
        @Option(names = "--limit", defaultValue = "500", description = "at most this many")
        int limit;

        @Override
        public Integer call() {
            // Pages of at most 100: each template carries its sources.
            List<JsonNode> templates = client().list("/v1/templates", Map.of(), limit, 100);
            TablePrinter table = new TablePrinter("ID", "NAME", "VERSION", "SUBJECT", "UPDATED");
            templates.forEach(t -> table.row(t.path("id"), t.path("name"), t.path("version"), t.path("subject"),
                    t.path("updated_at")));
            return show(templates, table);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a template and its sources.")
    static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the template id, tpl_...")
        String id;

        @Option(names = "--version", paramLabel = "N", description = "an older version (default: the current one)")
        Integer version;

        @Override
        public Integer call() {
            Map<String, String> query = version == null ? Map.of() : Map.of("version", version.toString());
            return showTemplate(this, client().get(path(id), query));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a template from Mustache sources: --html, --text or both.")
    static final class Create extends ClientCommand {
        @Option(names = "--name", required = true, description = "what the template is called")
        String name;

        @Option(names = "--subject", description = "the subject line, Mustache")
        String subject;

        @Option(names = "--html", paramLabel = "FILE", description = "the HTML part, Mustache ({{x}} is HTML-escaped)")
        Path html;

        @Option(names = "--text", paramLabel = "FILE", description = "the text part, Mustache")
        Path text;

        @Override
        public Integer call() {
            if (html == null && text == null) {
                throw new CliException("give --html FILE, --text FILE or both", ExitCodes.USAGE);
            }
            ObjectNode body = EventCodec.MAPPER.createObjectNode().put("name", name);
            if (subject != null) {
                body.put("subject", subject);
            }
            if (html != null) {
                body.put("html", SourceFile.read("--html", html));
            }
            if (text != null) {
                body.put("text", SourceFile.read("--text", text));
            }
            return showTemplate(this, client().post("/v1/templates", body));
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change a template: the parts given change, the others stay; a new version is made.")
    static final class Update extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the template id, tpl_...")
        String id;

        @Option(names = "--name", description = "the new name")
        String name;

        @Option(names = "--subject", description = "the new subject line")
        String subject;

        @Option(names = "--html", paramLabel = "FILE", description = "the new HTML part")
        Path html;

        @Option(names = "--text", paramLabel = "FILE", description = "the new text part")
        Path text;

        @Option(names = "--remove", paramLabel = "PART", split = ",",
                description = "remove subject, html or text (repeatable)")
        List<String> remove;

        @Override
        public Integer call() {
            ObjectNode body = EventCodec.MAPPER.createObjectNode();
            if (remove != null) {
                for (String part : remove) {
                    if (!PARTS.contains(part)) {
                        throw new CliException("--remove takes subject, html or text, not '" + part + "'",
                                ExitCodes.USAGE);
                    }
                    body.putNull(part);
                }
            }
            if (name != null) {
                body.put("name", name);
            }
            Map<String, String> given = new LinkedHashMap<>();
            if (subject != null) {
                given.put("subject", subject);
            }
            if (html != null) {
                given.put("html", SourceFile.read("--html", html));
            }
            if (text != null) {
                given.put("text", SourceFile.read("--text", text));
            }
            for (Map.Entry<String, String> part : given.entrySet()) {
                if (body.has(part.getKey())) {
                    throw new CliException("--remove " + part.getKey() + " and a new " + part.getKey()
                            + " contradict each other", ExitCodes.USAGE);
                }
                body.put(part.getKey(), part.getValue());
            }
            if (body.isEmpty()) {
                throw new CliException("nothing to change: give --name, --subject, --html, --text or --remove",
                        ExitCodes.USAGE);
            }
            return showTemplate(this, client().patch(path(id), body));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a template: sends can no longer use it.")
    static final class Delete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the template id, tpl_...")
        String id;

        @Override
        public Integer call() {
            client().delete(path(id));
            return done(id, "deleted");
        }
    }

    @Command(name = "render", mixinStandardHelpOptions = true,
            description = "Render a template with variables and print it; nothing is sent.")
    static final class Render extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the template id, tpl_...")
        String id;

        @Option(names = "--var", paramLabel = "NAME=VALUE", description = "a variable, as text (repeatable)")
        Map<String, String> variables;

        @Option(names = "--version", paramLabel = "N", description = "an older version (default: the current one)")
        Integer version;

        @Override
        public Integer call() {
            ObjectNode body = EventCodec.MAPPER.createObjectNode();
            ObjectNode given = body.putObject("variables");
            if (variables != null) {
                variables.forEach(given::put);
            }
            if (version != null) {
                body.put("version", version);
            }
            JsonNode rendered = client().post(path(id) + "/render", body);
            return showParts(this, rendered, "template_id", "version", "subject");
        }
    }
}
