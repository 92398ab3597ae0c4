package dev.postcard.http;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Whether an unsubscribe POST is the RFC 8058 one-click request: a form with {@code List-Unsubscribe=One-Click},
 * sent as {@code application/x-www-form-urlencoded} or as {@code multipart/form-data} (RFC 8058 §3.1 allows
 * both; some mail providers send the latter). Multipart is read with Jakarta Mail's MIME parser, which
 * Postcard already uses for bounce mail, rather than by hand.
 */
final class OneClickForm {
    private static final String NAME = "List-Unsubscribe";
    private static final String VALUE = "One-Click";

    private OneClickForm() {
    }

    static boolean isOneClick(String contentType, byte[] body) {
        if (contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return multipartSays(contentType, body);
        }
        return urlEncodedSays(new String(body, StandardCharsets.UTF_8));
    }

    private static boolean urlEncodedSays(String body) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).strip();
                    String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).strip();
                    if (name.equals(NAME) && value.equals(VALUE)) {
                        return true;
                    }
                } catch (IllegalArgumentException e) {
                    // a malformed escape: not this pair
                }
            }
        }
        return false;
    }

    private static boolean multipartSays(String contentType, byte[] body) {
        try {
            MimeMultipart parts = new MimeMultipart(new ByteArrayDataSource(body, contentType));
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                String[] disposition = part.getHeader("Content-Disposition");
                if (disposition == null || disposition.length == 0) {
                    continue;
                }
                String name = new ContentDisposition(disposition[0]).getParameter("name");
                if (NAME.equals(name)) {
                    byte[] value = part.getInputStream().readNBytes(64);
                    return new String(value, StandardCharsets.UTF_8).strip().equals(VALUE);
                }
            }
            return false;
        } catch (MessagingException | IOException | RuntimeException e) {
            return false; // not a readable form: the confirmation page's own form, or nothing
        }
    }
}
