package dev.postcard;

/** Root of every exception the engine throws on purpose. */
public class PostcardException extends RuntimeException {
    public PostcardException(String message) {
        super(message);
    }

    public PostcardException(String message, Throwable cause) {
        super(message, cause);
    }
}
