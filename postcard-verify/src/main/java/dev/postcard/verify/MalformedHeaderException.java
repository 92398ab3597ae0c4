package dev.postcard.verify;

/** A header was present but could not be read: empty, not a number, not hex, no signature entries. */
public final class MalformedHeaderException extends WebhookVerificationException {
    private final String headerName;

    MalformedHeaderException(String headerName, String problem) {
        super("malformed header " + headerName + ": " + problem);
        this.headerName = headerName;
    }

    /** The header that could not be read, spelled as in {@link SignatureHeaders}. */
    public String headerName() {
        return headerName;
    }
}
