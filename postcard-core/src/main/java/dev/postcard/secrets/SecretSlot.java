package dev.postcard.secrets;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a secret is stored: a column ({@code webhooks.secret}), in the row of one tenant with this id. Bound into
 * the value's ciphertext as associated data, so a value copied to another row, tenant or column does not open.
 */
public record SecretSlot(String column, String tenantId, String rowId) {
    public SecretSlot {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(rowId, "rowId");
    }

    /**
     * {@code header} and the three parts, each after its length, so that no two different slots (or headers) give
     * the same bytes however their parts are cut.
     */
    byte[] associatedData(String header) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : new String[] {header, column, tenantId, rowId}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length >>> 24);
            out.write(bytes.length >>> 16);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** How errors name it: {@code webhooks.secret of wh_... (tenant acme)}. */
    String describe() {
        return column + " of " + rowId + " (tenant " + tenantId + ")";
    }
}
