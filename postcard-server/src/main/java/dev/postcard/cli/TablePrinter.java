package dev.postcard.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows aligned in columns as wide as their widest value (up to a limit, beyond which a value is cut and ends
 * with {@code …}), two spaces apart, a header on top. A missing value is {@code -}. Nothing is printed for no
 * rows, so an empty list prints nothing. Written here because the table formats of picocli's help are for help.
 */
final class TablePrinter {
    static final int MAX_WIDTH = 60;

    private final List<String> headers;
    private final List<String[]> rows = new ArrayList<>();
    private final int maxWidth;
    private final boolean printHeaders;

    TablePrinter(String... headers) {
        this(MAX_WIDTH, headers);
    }

    TablePrinter(int maxWidth, String... headers) {
        this(maxWidth, true, headers);
    }

    private TablePrinter(int maxWidth, boolean printHeaders, String... headers) {
        this.headers = List.of(headers);
        this.maxWidth = maxWidth;
        this.printHeaders = printHeaders;
    }

    /** {@code field  value} lines of one record, a form rather than a table: no header, nothing cut. */
    static TablePrinter form() {
        return new TablePrinter(Integer.MAX_VALUE, false, "", "");
    }

    TablePrinter row(Object... values) {
        if (values.length != headers.size()) {
            throw new IllegalArgumentException("a row of " + values.length + " values for " + headers.size() + " columns");
        }
        rows.add(Arrays.stream(values).map(TablePrinter::text).map(this::cut).toArray(String[]::new));
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out) {
        if (rows.isEmpty()) {
            out.flush();
            return;
        }
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = printHeaders ? headers.get(i).length() : 0;
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].codePointCount(0, row[i].length()));
            }
        }
        if (printHeaders) {
            line(out, headers.toArray(String[]::new), widths);
        }
        rows.forEach(row -> line(out, row, widths));
        out.flush();
    }

    private static void line(PrintWriter out, String[] values, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            line.append(values[i]);
            if (i < values.length - 1) {
                line.append(" ".repeat(widths[i] - values[i].codePointCount(0, values[i].length()) + 2));
            }
        }
        out.println(line.toString().stripTrailing());
    }

    private String cut(String value) {
        String oneLine = value.replaceAll("[\\r\\n\\t]+", " ");
        if (oneLine.codePointCount(0, oneLine.length()) <= maxWidth) {
            return oneLine;
        }
        return oneLine.substring(0, oneLine.offsetByCodePoints(0, maxWidth - 1)) + "…";
    }

    private static String text(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof com.fasterxml.jackson.databind.JsonNode node) {
            String text = node.isNull() || node.isMissingNode() ? "" : node.isValueNode() ? node.asText() : node.toString();
            return text.isEmpty() ? "-" : text;
        }
        String text = value.toString();
        return text.isEmpty() ? "-" : text;
    }
}
