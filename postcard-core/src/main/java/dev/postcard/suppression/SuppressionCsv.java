package dev.postcard.suppression;

import dev.postcard.InvalidInputException;
import dev.postcard.event.EventCodec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The CSV form of suppression lists (RFC 4180 quoting, one entry per line): the columns of {@link #HEADER}.
 * Notes cannot hold line breaks, so a line is always one entry and files can be read line by line.
 *
 * <p>A text field that begins with {@code =}, {@code +}, {@code -} or {@code @} is written with a leading
 * {@code '}: spreadsheets run such a cell as a formula (OWASP "CSV injection"), and a note is anyone's text. An
 * import takes the {@code '} off again before such a character, so an export imports as it was.
 */
public final class SuppressionCsv {
    public static final List<String> COLUMNS =
            List.of("address", "reason", "created_at", "expires_at", "source_event_id", "note");
    public static final String HEADER = String.join(",", COLUMNS);
    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");

    private SuppressionCsv() {
    }

    public static String row(Suppression entry) {
        return String.join(",", cell(entry.address()), entry.reason().wireName(),
                EventCodec.formatInstant(entry.createdAt()),
                entry.expiresAt().map(EventCodec::formatInstant).orElse(""),
                cell(entry.sourceEventId().orElse("")), cell(entry.note().orElse("")));
    }

    /** The fields of one line; {@link InvalidInputException} when its quoting is broken. */
    public static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new InvalidInputException("csv", "a quoted field is not closed");
                    }
                    char c = line.charAt(i++);
                    if (c == '"' && i < line.length() && line.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        break;
                    } else {
                        field.append(c);
                    }
                }
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new InvalidInputException("csv", "text follows a quoted field");
                }
            } else {
                while (i < line.length() && line.charAt(i) != ',') {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        throw new InvalidInputException("csv", "a quote inside an unquoted field");
                    }
                    field.append(c);
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (i >= line.length()) {
                return fields;
            }
            i++; // the comma
        }
    }

    /**
     * The entry one line describes, in the order of {@code columns}; blank fields take their defaults (reason
     * {@code manual}, created now, no expiry), and so do fields missing at the end of the line: a file of bare
     * addresses is a valid import. {@link InvalidInputException} names the bad column.
     */
    public static Suppression entry(String tenantId, List<String> columns, List<String> fields, Instant now) {
        if (fields.size() > columns.size()) {
            throw new InvalidInputException("csv", "expected at most " + columns.size() + " fields, found " + fields.size());
        }
        String address = null;
        SuppressionReason reason = SuppressionReason.MANUAL;
        Instant createdAt = now;
        Optional<Instant> expiresAt = Optional.empty();
        Optional<String> sourceEventId = Optional.empty();
        Optional<String> note = Optional.empty();
        for (int i = 0; i < fields.size(); i++) {
            String name = columns.get(i);
            String value = withoutFormulaGuard(fields.get(i).strip());
            if (value.isEmpty()) {
                continue;
            }
            switch (name) {
                case "address" -> address = Addresses.normalise("address", value);
                case "reason" -> reason = SuppressionReason.fromWireName(value).orElseThrow(() ->
                        new InvalidInputException("reason", "reason must be one of " + SuppressionReason.vocabulary()));
                case "created_at" -> createdAt = time("created_at", value);
                case "expires_at" -> expiresAt = Optional.of(time("expires_at", value));
                case "source_event_id" -> {
                    if (!EVENT_ID.matcher(value).matches()) {
                        throw new InvalidInputException("source_event_id", "source_event_id is not an event id");
                    }
                    sourceEventId = Optional.of(value);
                }
                case "note" -> note = Optional.of(Notes.check(value));
                default -> throw new IllegalArgumentException("unknown column " + name);
            }
        }
        if (address == null) {
            throw new InvalidInputException("address", "address is required");
        }
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
            throw new InvalidInputException("expires_at", "expires_at is not in the future");
        }
        return new Suppression(tenantId, address, reason, note, sourceEventId, createdAt, expiresAt);
    }

    /** The columns a header line names; {@link InvalidInputException} for unknown or repeated ones. */
    public static List<String> header(List<String> fields) {
        List<String> columns = fields.stream().map(String::strip).toList();
        for (String column : columns) {
            if (!COLUMNS.contains(column)) {
                throw new InvalidInputException("csv", "unknown column '" + column + "'; expected " + HEADER);
            }
        }
        if (columns.stream().distinct().count() != columns.size() || !columns.contains("address")) {
            throw new InvalidInputException("csv", "the header must name address once, and each column at most once");
        }
        return columns;
    }

    /** An ISO 8601 time from 1970 to 9999, or {@link InvalidInputException} naming {@code field}. */
    public static Instant time(String field, String value) {
        try {
            Instant instant = OffsetDateTime.parse(value).toInstant();
            if (instant.getEpochSecond() < 0 || instant.isAfter(Instant.parse("9999-12-31T23:59:59.999Z"))) {
                throw new InvalidInputException(field, field + " must be between 1970 and 9999");
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, field + " must be an ISO 8601 timestamp, such as 2026-11-22T10:30:05Z");
        }
    }

    /** Whether a spreadsheet would take a cell that starts with this as a formula. */
    private static boolean formulaStart(String value, int at) {
        return value.length() > at && "=+-@".indexOf(value.charAt(at)) >= 0;
    }

    private static String cell(String value) {
        return quote(formulaStart(value, 0) ? "'" + value : value);
    }

    private static String withoutFormulaGuard(String value) {
        return value.startsWith("'") && formulaStart(value, 1) ? value.substring(1) : value;
    }

    private static String quote(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
