package dev.postcard.bounces.formats;

import dev.postcard.bounces.mime.MailPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jsoup.Jsoup;

/**
 * A parsed returned message with the views every reader needs: the top-level headers, the human-readable text of
 * the report (without the returned original) and the returned original's headers.
 */
public final class ReturnedMail {
    private final MailPart root;
    private final String text;
    private final Optional<MailPart> original;

    public ReturnedMail(MailPart root) {
        this.root = root;
        this.text = reportText(root);
        this.original = originalOf(root);
    }

    public MailPart root() {
        return root;
    }

    public String header(String name) {
        return root.header(name).orElse("");
    }

    public String subject() {
        return header("Subject");
    }

    public String from() {
        return header("From");
    }

    /** The readable text of the report itself: its text parts, not those inside the returned original. */
    public String text() {
        return text;
    }

    /** The returned original (a {@code message/rfc822} or {@code text/rfc822-headers} part), headers at least. */
    public Optional<MailPart> original() {
        return original;
    }

    /** Every part of the report that is not inside the returned original. */
    public List<MailPart> reportParts() {
        List<MailPart> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(MailPart part, List<MailPart> out) {
        out.add(part);
        if (part.contentType().startsWith("message/rfc822") || part.contentType().equals("message/global")
                || part.contentType().endsWith("rfc822-headers")) {
            return;
        }
        part.children().forEach(c -> collect(c, out));
    }

    private static String reportText(MailPart root) {
        List<MailPart> parts = new ArrayList<>();
        collect(root, parts);
        StringBuilder plain = new StringBuilder();
        StringBuilder html = new StringBuilder();
        for (MailPart p : parts) {
            if (!p.children().isEmpty()) {
                continue;
            }
            if (p.contentType().equals("text/html")) {
                html.append(Jsoup.parse(p.text()).wholeText()).append('\n');
            } else if (p.contentType().startsWith("text/") && !p.contentType().endsWith("headers")) {
                plain.append(p.text()).append('\n');
            }
        }
        return plain.isEmpty() ? html.toString() : plain.toString();
    }

    private static Optional<MailPart> originalOf(MailPart root) {
        for (MailPart p : root.flatten()) {
            if (p == root) {
                continue;
            }
            String type = p.contentType();
            if ((type.equals("message/rfc822") || type.equals("message/global") || type.endsWith("rfc822-headers")
                    || type.equals("text/global-headers")) && !p.children().isEmpty()) {
                return Optional.of(p.children().get(0));
            }
        }
        return Optional.empty();
    }
}
