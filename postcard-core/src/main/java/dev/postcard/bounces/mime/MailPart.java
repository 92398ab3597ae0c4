package dev.postcard.bounces.mime;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One decoded MIME entity of a returned message: its headers, its content type and, for leaf parts, its text
 * (transfer encoding and charset already decoded). A {@code message/rfc822} part has the embedded message as its
 * only child.
 *
 * @param headers     header fields in order (names as written, values unfolded and RFC 2047-decoded)
 * @param contentType the lower-cased media type ({@code text/plain}) without parameters
 * @param text        the decoded body of a leaf part; empty for multiparts
 * @param children    sub-parts of a multipart, or the embedded message of a {@code message/*} part
 */
public record MailPart(List<Header> headers, String contentType, String text, List<MailPart> children) {
    public MailPart {
        headers = List.copyOf(headers);
        children = List.copyOf(children);
        text = text == null ? "" : text;
        contentType = contentType == null ? "text/plain" : contentType.toLowerCase(Locale.ROOT);
    }

    /** One header field. */
    public record Header(String name, String value) {
    }

    /** The first value of a header field, case-insensitively. */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }

    public List<String> headerValues(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    /** This part and every part below it, depth first. */
    public List<MailPart> flatten() {
        List<MailPart> all = new java.util.ArrayList<>();
        collect(this, all);
        return all;
    }

    private static void collect(MailPart part, List<MailPart> into) {
        into.add(part);
        part.children().forEach(c -> collect(c, into));
    }

    public boolean isMultipart() {
        return contentType.startsWith("multipart/");
    }
}
