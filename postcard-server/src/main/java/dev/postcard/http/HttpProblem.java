package dev.postcard.http;

import dev.postcard.PostcardException;

/** An error that already knows its HTTP status; turned into problem JSON by {@link ProblemHandlers}. */
public class HttpProblem extends PostcardException {
    private final int status;
    private final String title;
    private final String field;

    public HttpProblem(int status, String title, String detail, String field) {
        super(detail);
        this.status = status;
        this.title = title;
        this.field = field;
    }

    public static HttpProblem unauthorized(String detail) {
        return new HttpProblem(401, "Unauthorized", detail, null);
    }

    public static HttpProblem forbidden(String detail) {
        return new HttpProblem(403, "Forbidden", detail, null);
    }

    public static HttpProblem unsupportedMediaType(String detail) {
        return new HttpProblem(415, "Unsupported Media Type", detail, null);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String field() {
        return field;
    }
}
