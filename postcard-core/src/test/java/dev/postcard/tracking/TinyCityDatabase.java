package dev.postcard.tracking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a minimal MaxMind DB (format 2.0, IPv4, 24-bit records) so GeoIP lookups can be tested offline.
 * The search tree has a single node: addresses whose first bit is 0 (0.0.0.0/1) map to the one data record,
 * the rest are not in the database.
 */
final class TinyCityDatabase {
    private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF,
            'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};

    private TinyCityDatabase() {
    }

    static Path write(Path file, String databaseType, String countryIso, String cityName) throws IOException {
        return write(file, databaseType, countryIso, cityName, 0);
    }

    /** A database whose metadata is sound but whose search tree points past the end of its data. */
    static Path writeCorruptTree(Path file) throws IOException {
        return write(file, "GeoLite2-City", "GB", "London", 1_000_000);
    }

    private static Path write(Path file, String databaseType, String countryIso, String cityName, int dataOffset)
            throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("city", Map.of("names", Map.of("en", cityName)));
        Map<String, Object> country = new LinkedHashMap<>();
        country.put("iso_code", countryIso);
        country.put("names", Map.of("en", "Somewhere"));
        record.put("country", country);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int nodeCount = 1;
        // Left record (bit 0) points at data offset 0: nodeCount + 16 + offset. Right record: "no data".
        writeRecord24(out, nodeCount + 16 + dataOffset);
        writeRecord24(out, nodeCount);
        out.write(new byte[16]); // data section separator
        out.writeBytes(encode(record));
        out.writeBytes(METADATA_MARKER);

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("binary_format_major_version", new Uint16(2));
        metadata.put("binary_format_minor_version", new Uint16(0));
        metadata.put("build_epoch", new Uint64(1_700_000_000L));
        metadata.put("database_type", databaseType);
        metadata.put("description", Map.of("en", "Postcard test database"));
        metadata.put("ip_version", new Uint16(4));
        metadata.put("languages", List.of("en"));
        metadata.put("node_count", new Uint32(nodeCount));
        metadata.put("record_size", new Uint16(24));
        out.writeBytes(encode(metadata));
        return Files.write(file, out.toByteArray());
    }

    private record Uint16(int value) {
    }

    private record Uint32(long value) {
    }

    private record Uint64(long value) {
    }

    private static void writeRecord24(ByteArrayOutputStream out, int value) {
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    private static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        switch (value) {
            case String s -> {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                control(out, 2, bytes.length);
                out.writeBytes(bytes);
            }
            case Uint16 u -> unsigned(out, 5, u.value(), 2);
            case Uint32 u -> unsigned(out, 6, u.value(), 4);
            case Uint64 u -> unsigned(out, 9, u.value(), 8);
            case Map<?, ?> map -> {
                control(out, 7, map.size());
                map.forEach((k, v) -> {
                    write(out, k);
                    write(out, v);
                });
            }
            case List<?> list -> {
                control(out, 11, list.size());
                list.forEach(item -> write(out, item));
            }
            default -> throw new IllegalArgumentException("cannot encode " + value);
        }
    }

    // Unsigned integers are written big-endian in as few bytes as the value needs.
    private static void unsigned(ByteArrayOutputStream out, int type, long value, int maxBytes) {
        int size = 0;
        for (long v = value; v != 0; v >>>= 8) {
            size++;
        }
        control(out, type, Math.min(size, maxBytes));
        for (int i = size - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)));
        }
    }

    // Control byte: 3 bits of type (0 = extended, type - 7 in the next byte), 5 bits of size (< 29 here).
    private static void control(ByteArrayOutputStream out, int type, int size) {
        if (size >= 29) {
            throw new IllegalArgumentException("sizes over 28 are not needed by this writer");
        }
        if (type <= 7) {
            out.write((type << 5) | size);
        } else {
            out.write(size);
            out.write(type - 7);
        }
    }
}
