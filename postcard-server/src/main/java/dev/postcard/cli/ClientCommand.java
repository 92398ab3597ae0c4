package dev.postcard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to a server: the {@link ClientOptions}, its output, and the choice of JSON or text. */
abstract class ClientCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Spec
    CommandSpec spec;

    private ApiClient client;

    ApiClient client() {
        if (client == null) {
            client = options.client();
        }
        return client;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean json() {
        return options.json;
    }

    /** A record: as JSON, or as {@code field  value} lines of these fields. */
    int show(JsonNode record, String... fields) {
        if (json()) {
            Output.json(out(), record);
        } else {
            Output.fields(out(), record, fields);
        }
        return ExitCodes.OK;
    }

    /** A list: as one JSON array, or as the table. */
    int show(List<JsonNode> items, TablePrinter table) {
        if (json()) {
            Output.json(out(), items);
        } else {
            table.print(out());
        }
        return ExitCodes.OK;
    }

    /** What a command that changes something without an answer says it did: a line, or {@code {"id", key: true}}. */
    int done(String id, String what) {
        if (json()) {
            Output.json(out(), dev.postcard.event.EventCodec.MAPPER.createObjectNode().put("id", id).put(what, true));
        } else {
            out().println(what + " " + id);
            out().flush();
        }
        return ExitCodes.OK;
    }
}
