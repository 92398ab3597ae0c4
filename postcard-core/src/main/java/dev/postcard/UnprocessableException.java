package dev.postcard;

/** Well-formed input whose meaning cannot be accepted, such as an unknown event type (HTTP 422). */
public class UnprocessableException extends InvalidInputException {
    public UnprocessableException(String field, String message) {
        super(field, message);
    }
}
