package dev.postcard;

/**
 * The database did not answer, or not in time: its server is down or restarting, the pool has no connection
 * to give, the disk is full. Nothing of the operation was stored; it can be tried again later (HTTP 503).
 */
public class StorageUnavailableException extends PostcardException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
