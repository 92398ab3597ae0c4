package dev.postcard;

/** The object does not exist, or belongs to another tenant: callers cannot tell the two apart. */
public class NotFoundException extends PostcardException {
    public NotFoundException(String message) {
        super(message);
    }
}
