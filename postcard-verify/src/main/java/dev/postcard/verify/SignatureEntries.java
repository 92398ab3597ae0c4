package dev.postcard.verify;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code v1} signatures of a {@code webhook-signature} header, decoded.
 *
 * <p>Entries of other versions are counted and skipped, not refused: {@code v1a} is the specification's
 * asymmetric scheme, and a sender may add schemes this library does not know without breaking its receivers.
 * A {@code v1} entry that is not base64 cannot match and is skipped as well.
 *
 * @param v1    the decoded {@code v1} signatures, in header order
 * @param total how many {@code version,signature} entries the header held, of any version
 */
record SignatureEntries(List<byte[]> v1, int total) {
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final String V1 = "v1,";

    static SignatureEntries parse(String header) {
        List<byte[]> v1 = new ArrayList<>();
        int total = 0;
        for (String entry : SPACES.split(header.strip())) {
            if (entry.indexOf(',') <= 0) {
                continue;
            }
            total++;
            if (entry.startsWith(V1)) {
                try {
                    v1.add(Base64.getDecoder().decode(entry.substring(V1.length())));
                } catch (IllegalArgumentException notBase64) {
                    // Cannot match any MAC; the other entries may still.
                }
            }
        }
        if (total == 0) {
            throw new MalformedHeaderException(SignatureHeaders.SIGNATURE,
                    "no entry of the form version,signature (such as v1,<base64>)");
        }
        return new SignatureEntries(List.copyOf(v1), total);
    }
}
