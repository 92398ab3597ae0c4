package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.event.EventCodec;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code postcard sources create|list|get|delete}: where each provider's webhooks come in. */
@Command(name = "sources", mixinStandardHelpOptions = true, description = "Manage provider webhook sources.",
        subcommands = {SourcesCommand.Create.class, SourcesCommand.ListSources.class, SourcesCommand.Get.class,
                SourcesCommand.Delete.class})
final class SourcesCommand extends CommandGroup {
    private static String path(String id) {
        return "/v1/sources/" + ApiClient.segment(id);
    }

    /** The source's fields, provider settings (never secrets: the server shows only whether they are set) included. */
    private static int showSource(ClientCommand command, JsonNode source) {
        if (command.json()) {
            return command.show(source);
        }
        Output.allFields(command.out(), source);
        return ExitCodes.OK;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a source and print the URL to give the provider.")
    static final class Create extends ClientCommand {
        @Option(names = "--provider", required = true,
                description = "ses, sendgrid, mailgun, resend, postmark, sparkpost, mailjet, brevo or custom")
        String provider;

        @Option(names = "--public-key", description = "sendgrid: the verification key (base64 DER or PEM)")
        String publicKey;

        @Option(names = "--signing-key", description = "mailgun: the HTTP webhook signing key")
        String signingKey;

        @Option(names = "--secret", description = "resend: the Svix secret, whsec_...")
        String secret;

        @Option(names = "--basic-auth", paramLabel = "USER:PASS", description = "postmark, sparkpost, mailjet, brevo")
        String basicAuth;

        @Option(names = "--token", description = "postmark, sparkpost, mailjet, brevo: a bearer or ?token= token")
        String token;

        @Option(names = "--topic-arn", paramLabel = "ARN", description = "ses: an allowed SNS topic (repeatable)")
        List<String> topicArns;

        @Option(names = "--auto-confirm", arity = "1", paramLabel = "true|false",
                description = "ses: confirm SNS subscriptions after verifying them (server default true)")
        Boolean autoConfirm;

        @Option(names = "--tolerance-seconds", description = "how far a signed time may be from now; 0 turns the check off (server default 300)")
        Long toleranceSeconds;

        @Option(names = "--keep-raw", description = "keep the provider's item under data.raw")
        boolean keepRaw;

        @Option(names = "--settings", paramLabel = "JSON",
                description = "more settings as a JSON object, e.g. custom's mapping and verification")
        String settings;

        @Override
        public Integer call() {
            ObjectNode body = EventCodec.MAPPER.createObjectNode();
            if (settings != null) {
                body.setAll(settingsObject());
            }
            body.put("provider", provider);
            putText(body, "public_key", publicKey);
            putText(body, "signing_key", signingKey);
            putText(body, "secret", secret);
            putText(body, "token", token);
            if (basicAuth != null) {
                int colon = basicAuth.indexOf(':');
                if (colon < 1) {
                    throw new CliException("--basic-auth must be user:password", ExitCodes.USAGE);
                }
                body.putObject("basic_auth").put("username", basicAuth.substring(0, colon))
                        .put("password", basicAuth.substring(colon + 1));
            }
            if (topicArns != null) {
                topicArns.forEach(body.withArray("topic_arns")::add);
            }
            if (autoConfirm != null) {
                body.put("auto_confirm", autoConfirm);
            }
            if (toleranceSeconds != null) {
                body.put("tolerance_seconds", toleranceSeconds);
            }
            if (keepRaw) {
                body.put("keep_raw", true);
            }
            JsonNode source = client().post("/v1/sources", body);
            if (json()) {
                return show(source);
            }
            out().println("Give " + provider + " this webhook URL:");
            out().println();
            out().println("    " + source.path("url").asText());
            out().println();
            return showSource(this, source);
        }

        private ObjectNode settingsObject() {
            try {
                JsonNode parsed = EventCodec.MAPPER.readTree(settings);
                if (parsed instanceof ObjectNode object) {
                    return object;
                }
            } catch (IOException e) {
                // reported below
            }
            throw new CliException("--settings must be a JSON object", ExitCodes.USAGE);
        }

        private static void putText(ObjectNode body, String field, String value) {
            if (value != null) {
                body.put(field, value);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List sources.")
    static final class ListSources extends ClientCommand {
        @Option(names = "--limit", defaultValue = "500", description = "at most this many")
        int limit;

        @Override
        public Integer call() {
            List<JsonNode> sources = client().list("/v1/sources", Map.of(), limit);
            TablePrinter table = new TablePrinter(100, "ID", "PROVIDER", "URL", "CREATED");
            sources.forEach(s -> table.row(s.path("id"), s.path("provider"), s.path("url"), s.path("created_at")));
            return show(sources, table);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a source (secrets only as set or not).")
    static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the source id, src_...")
        String id;

        @Override
        public Integer call() {
            return showSource(this, client().get(path(id), Map.of()));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a source: its URL stops answering.")
    static final class Delete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "the source id, src_...")
        String id;

        @Override
        public Integer call() {
            client().delete(path(id));
            return done(id, "deleted");
        }
    }
}
