package dev.postcard.templates;

import dev.postcard.InvalidInputException;
import dev.postcard.event.StorableText;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * What one version of a template holds: the Mustache sources of the subject, the HTML part and the text part.
 * {@link Templates} checks a version's content ({@link #check}) before it stores it, so a stored version always
 * parses and reading one does not parse it again.
 */
public record TemplateContent(Optional<String> subject, Optional<String> html, Optional<String> text) {
    /** RFC 5322's line limit: a subject longer than this cannot be one header line, whatever it renders to. */
    public static final int MAX_SUBJECT = 998;
    /** Per part, in UTF-8 bytes. */
    public static final int MAX_PART_BYTES = 1 << 20;

    public TemplateContent {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(text, "text");
    }

    /**
     * Refuses content that cannot be a template version: {@link InvalidInputException} naming {@code subject},
     * {@code html} or {@code text} when a source is too long, empty or holds text no database stores, or when
     * neither part is given (an email needs a body); {@link dev.postcard.UnprocessableException} naming the field
     * when a source is not a template Postcard can render.
     */
    void check() {
        subject.ifPresent(TemplateContent::checkSubject);
        html.ifPresent(h -> checkPart(MustacheText.Part.HTML, h));
        text.ifPresent(t -> checkPart(MustacheText.Part.TEXT, t));
        requireBody();
    }

    /** The rule on the whole: at least one part. */
    void requireBody() {
        if (html.isEmpty() && text.isEmpty()) {
            throw new InvalidInputException("html", "a template needs html, text or both");
        }
    }

    static void checkSubject(String subject) {
        StorableText.check("subject", subject);
        if (subject.length() > MAX_SUBJECT) {
            throw new InvalidInputException("subject", "subject is longer than " + MAX_SUBJECT + " characters");
        }
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new InvalidInputException("subject", "subject must be one line");
        }
        if (subject.isBlank()) {
            throw new InvalidInputException("subject", "subject must not be empty; leave it out instead");
        }
        MustacheText.check(MustacheText.Part.SUBJECT, subject);
    }

    static void checkPart(MustacheText.Part part, String source) {
        String field = part.field();
        StorableText.check(field, source);
        // A char is at most 3 UTF-8 bytes (a surrogate pair, 2 chars, is 4): most sources are decided unencoded.
        if (source.length() > MAX_PART_BYTES || (source.length() * 3L > MAX_PART_BYTES
                && source.getBytes(StandardCharsets.UTF_8).length > MAX_PART_BYTES)) {
            throw new InvalidInputException(field, field + " is larger than 1 MiB");
        }
        if (source.isBlank()) {
            throw new InvalidInputException(field, field + " must not be empty; leave it out instead");
        }
        MustacheText.check(part, source);
    }
}
