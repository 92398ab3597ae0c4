package dev.postcard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.postcard.event.EventCodec;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** What commands print: one JSON document for {@code --json}, or a record as aligned {@code field  value} lines. */
final class Output {
    private Output() {
    }

    static void json(PrintWriter out, JsonNode document) {
        try {
            out.println(EventCodec.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }

    static void json(PrintWriter out, List<JsonNode> items) {
        ArrayNode array = EventCodec.MAPPER.createArrayNode();
        items.forEach(array::add);
        json(out, array);
    }

    /** Every field of the record, in its order. */
    static void allFields(PrintWriter out, JsonNode record) {
        List<String> names = new java.util.ArrayList<>();
        record.fieldNames().forEachRemaining(names::add);
        fields(out, record, names.toArray(String[]::new));
    }

    /** One line a field, in this order; a field that is null or empty shows {@code -}, one the record lacks none. */
    static void fields(PrintWriter out, JsonNode record, String... fields) {
        TablePrinter form = TablePrinter.form();
        for (String field : fields) {
            if (record.has(field)) {
                form.row(field, record.path(field));
            }
        }
        form.print(out);
    }
}
