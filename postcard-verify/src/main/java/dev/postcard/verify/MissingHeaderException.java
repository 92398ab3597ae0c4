package dev.postcard.verify;

/** A header the signature scheme needs was not in the request. */
public final class MissingHeaderException extends WebhookVerificationException {
    private final String headerName;

    MissingHeaderException(String headerName) {
        super("missing header " + headerName);
        this.headerName = headerName;
    }

    /** The header that was missing, spelled as in {@link SignatureHeaders}. */
    public String headerName() {
        return headerName;
    }
}
