package dev.postcard;

/** The request clashes with stored state, such as an id that is already taken. */
public class ConflictException extends PostcardException {
    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
