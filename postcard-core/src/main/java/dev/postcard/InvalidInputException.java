package dev.postcard;

/** Input that breaks a rule; {@code field} names the offending field (a JSON pointer-ish dotted path) or is empty. */
public class InvalidInputException extends PostcardException {
    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field == null ? "" : field;
    }

    public String field() {
        return field;
    }
}
