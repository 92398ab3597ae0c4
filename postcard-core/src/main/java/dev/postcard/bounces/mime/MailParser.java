package dev.postcard.bounces.mime;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Turns raw message bytes into a {@link MailPart} tree with Jakarta Mail, decoding transfer encodings and charsets.
 * Broken MIME never fails the parse: a part that cannot be read as MIME becomes a text part of its raw bytes, and a
 * message Jakarta Mail cannot read at all becomes headers plus one text body. Work is bounded: nesting depth, part
 * count and text size are capped, so hostile input costs at most a few megabytes of parsing.
 */
public final class MailParser {
    static final int MAX_DEPTH = 8;
    static final int MAX_PARTS = 200;
    static final int MAX_TEXT = 1 << 20;
    private static final Session SESSION = Session.getInstance(new Properties());

    private int parts;

    private MailParser() {
    }

    public static MailPart parse(byte[] raw) {
        return new MailParser().message(raw, 0);
    }

    private MailPart message(byte[] raw, int depth) {
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            return part(message, depth);
        } catch (MessagingException | RuntimeException | IOException | StackOverflowError e) {
            return plain(raw);
        }
    }

    /** Headers up to the first blank line, everything after it as text: for input that is not MIME at all. */
    static MailPart plain(byte[] raw) {
        String all = decode(raw, null);
        int split = indexOfBlankLine(all);
        String head = split < 0 ? all : all.substring(0, split);
        String body = split < 0 ? "" : all.substring(split).strip();
        List<MailPart.Header> headers = HeaderFields.blocks(head).stream().findFirst().orElse(List.of());
        List<MailPart.Header> decoded = headers.stream()
                .map(h -> new MailPart.Header(h.name(), decodeWords(h.value()))).toList();
        if (decoded.isEmpty()) {
            body = all;
        }
        return new MailPart(decoded, "text/plain", cap(body), List.of());
    }

    private static int indexOfBlankLine(String s) {
        int a = s.indexOf("\n\n");
        int b = s.indexOf("\r\n\r\n");
        if (a < 0) {
            return b;
        }
        return b < 0 ? a : Math.min(a, b);
    }

    private MailPart part(Part part, int depth) throws MessagingException, IOException {
        parts++;
        List<MailPart.Header> headers = headers(part);
        String type = baseType(part);
        if (depth >= MAX_DEPTH || parts > MAX_PARTS) {
            return new MailPart(headers, type, "", List.of());
        }
        if (type.startsWith("multipart/")) {
            try {
                Object content = part.getContent();
                if (content instanceof Multipart multipart) {
                    List<MailPart> children = new ArrayList<>();
                    int count = multipart.getCount();
                    for (int i = 0; i < count && parts <= MAX_PARTS; i++) {
                        BodyPart child = multipart.getBodyPart(i);
                        children.add(safePart(child, depth + 1));
                    }
                    if (!children.isEmpty()) {
                        return new MailPart(headers, type, "", children);
                    }
                }
            } catch (MessagingException | IOException | RuntimeException e) {
                // fall through: a multipart without a usable boundary is read as text
            }
            return new MailPart(headers, "text/plain", cap(decode(rawBody(part), null)), List.of());
        }
        byte[] body = body(part);
        if (type.equals("message/rfc822") || type.equals("message/global")) {
            return new MailPart(headers, type, "", List.of(message(body, depth + 1)));
        }
        String text = cap(decode(body, charset(part)));
        if (type.equals("text/rfc822-headers") || type.equals("text/global-headers")) {
            List<MailPart.Header> quoted = HeaderFields.blocks(text).stream().findFirst().orElse(List.of()).stream()
                    .map(h -> new MailPart.Header(h.name(), decodeWords(h.value()))).toList();
            return new MailPart(headers, type, text, List.of(new MailPart(quoted, "text/plain", "", List.of())));
        }
        return new MailPart(headers, type, text, List.of());
    }

    private MailPart safePart(Part part, int depth) {
        try {
            return part(part, depth);
        } catch (MessagingException | IOException | RuntimeException e) {
            try {
                return new MailPart(List.of(), "text/plain", cap(decode(rawBody(part), null)), List.of());
            } catch (RuntimeException again) {
                return new MailPart(List.of(), "text/plain", "", List.of());
            }
        }
    }

    private static List<MailPart.Header> headers(Part part) {
        List<MailPart.Header> headers = new ArrayList<>();
        try {
            Enumeration<jakarta.mail.Header> all = part.getAllHeaders();
            for (jakarta.mail.Header h : Collections.list(all)) {
                if (headers.size() > 500) {
                    break;
                }
                String value = h.getValue() == null ? "" : h.getValue();
                headers.add(new MailPart.Header(h.getName(), decodeWords(utf8Bytes(unfold(value)))));
            }
        } catch (MessagingException | RuntimeException e) {
            // no headers readable: an empty list
        }
        return headers;
    }

    private static String unfold(String value) {
        return value.replaceAll("\r?\n[ \t]+", " ").replaceAll("[\r\n]", "").trim();
    }

    /**
     * Jakarta Mail reads raw 8-bit header bytes as ISO-8859-1; mail that puts UTF-8 in headers without encoded
     * words is common (SMTPUTF8, careless MTAs), so bytes that form valid UTF-8 are read as UTF-8.
     */
    static String utf8Bytes(String value) {
        boolean high = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xff) {
                return value;
            }
            high |= c > 0x7f;
        }
        if (!high) {
            return value;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            return value;
        }
    }

    static String decodeWords(String value) {
        if (!value.contains("=?")) {
            return value;
        }
        try {
            return MimeUtility.decodeText(value);
        } catch (IOException | RuntimeException e) {
            return value;
        }
    }

    private static String baseType(Part part) {
        try {
            String raw = part.getContentType();
            if (raw == null) {
                return "text/plain";
            }
            return new ContentType(raw).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return "text/plain";
        }
    }

    private static String charset(Part part) {
        try {
            String raw = part.getContentType();
            return raw == null ? null : new ContentType(raw).getParameter("charset");
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    /** The body with its transfer encoding removed; the raw bytes when the encoding is unknown or broken. */
    private static byte[] body(Part part) {
        String encoding = encoding(part);
        if (baseType(part).startsWith("message/") && (encoding.equals("base64") || encoding.equals("quoted-printable"))) {
            // Jakarta Mail leaves message/* content encoded unless a session property says otherwise; decode here.
            try (InputStream in = MimeUtility.decode(new ByteArrayInputStream(rawBody(part)), encoding)) {
                return in.readNBytes(MAX_TEXT * 2);
            } catch (MessagingException | IOException | RuntimeException e) {
                return rawBody(part);
            }
        }
        try (InputStream in = part.getInputStream()) {
            return in.readNBytes(MAX_TEXT * 2);
        } catch (MessagingException | IOException | RuntimeException e) {
            return rawBody(part);
        }
    }

    private static String encoding(Part part) {
        try {
            String[] values = part.getHeader("Content-Transfer-Encoding");
            return values == null || values.length == 0 ? "" : values[0].strip().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return "";
        }
    }

    private static byte[] rawBody(Part part) {
        try {
            InputStream in = part instanceof jakarta.mail.internet.MimeBodyPart b ? b.getRawInputStream()
                    : part instanceof MimeMessage m ? m.getRawInputStream() : part.getInputStream();
            try (in) {
                return in.readNBytes(MAX_TEXT * 2);
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            return new byte[0];
        }
    }

    /**
     * Decodes text in its declared charset; without one (or with an unknown one) it tries ISO-2022-JP when the bytes
     * carry its escape sequences, then strict UTF-8, then ISO-8859-1, which never fails.
     */
    static String decode(byte[] bytes, String declared) {
        Charset charset = lookup(declared);
        if (charset != null && containsEscapeSequence(bytes) && charset.equals(StandardCharsets.US_ASCII)) {
            charset = lookup("ISO-2022-JP"); // Japanese mail often declares us-ascii for ISO-2022-JP text
        }
        if (charset != null) {
            String text = new String(bytes, charset);
            if (text.indexOf('\uFFFD') >= 0) {
                // mislabelled (UTF-8 declared as ISO-2022-JP is common in Japanese bounces): UTF-8 when it fits
                String utf8 = strictUtf8(bytes);
                if (utf8 != null) {
                    return utf8;
                }
            }
            return text;
        }
        if (containsEscapeSequence(bytes)) {
            return new String(bytes, lookup("ISO-2022-JP"));
        }
        String utf8 = strictUtf8(bytes);
        return utf8 != null ? utf8 : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean containsEscapeSequence(byte[] bytes) {
        for (int i = 0; i + 2 < bytes.length; i++) {
            if (bytes[i] == 0x1b && bytes[i + 1] == '$' && (bytes[i + 2] == 'B' || bytes[i + 2] == '@')) {
                return true;
            }
        }
        return false;
    }

    private static Charset lookup(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            String java = MimeUtility.javaCharset(name.trim().replace("\"", ""));
            return Charset.isSupported(java) ? Charset.forName(java) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String cap(String text) {
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }
}
