package dev.postcard.sending.smtp;

import dev.postcard.sending.TransportResult;
import dev.postcard.sending.TransportResult.PermanentFailure;
import dev.postcard.sending.TransportResult.RecipientRejected;
import dev.postcard.sending.TransportResult.TemporaryFailure;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * What a relay's answer means for the message. A 4xx reply and every network failure are worth another try;
 * a 5xx reply at {@code RCPT TO} refuses the recipient; a 5xx reply to the sender, to the message or to the
 * credentials refuses the message.
 */
final class SmtpOutcomes {
    static final int MAX_RESPONSE_BYTES = 1024;

    private final String transport;
    private final SmtpSettings settings;

    SmtpOutcomes(String transport, SmtpSettings settings) {
        this.transport = transport;
        this.settings = settings;
    }

    /** The last line of the relay's reply to the end of {@code DATA}. */
    TransportResult.Accepted accepted(String lastReply) {
        String[] lines = normalise(lastReply).split("\n");
        return new TransportResult.Accepted(transport, truncate(lines[lines.length - 1]), Optional.empty());
    }

    /** {@code sendMessage} failed: find which command the relay refused, or how the connection broke. */
    TransportResult sendFailed(MessagingException e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SMTPAddressFailedException rcpt) {
                return byCode(rcpt.getReturnCode(), rcpt.getMessage(), "RCPT TO");
            }
        }
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SMTPSenderFailedException sender) {
                return byCode(sender.getReturnCode(), sender.getMessage(), "MAIL FROM");
            }
            if (t instanceof SMTPSendFailedException failed && failed.getReturnCode() > 0) {
                return byCode(failed.getReturnCode(), failed.getMessage(), command(failed.getCommand()));
            }
        }
        return down(network("the connection to the relay failed", e));
    }

    /** A new connection failed before any message was offered. */
    TransportResult connectFailed(SmtpConnections.ConnectFailed failed) {
        MessagingException e = (MessagingException) failed.getCause();
        if (e instanceof AuthenticationFailedException) {
            String reply = failed.reply.isBlank() ? "authentication failed" : failed.reply;
            return failed.code >= 500 && failed.code < 600
                    ? new PermanentFailure(transport, truncate(normalise(reply)), "authentication_failed")
                    : temporary(reply);
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("does not support STARTTLS")) { // Angus Mail's words when STARTTLS is required
            return down("the relay does not offer STARTTLS, which " + SmtpSettings.SETTING + " requires "
                    + "(add ?starttls=optional to send without TLS): " + message);
        }
        if (failed.code >= 400 && failed.code < 600 && !failed.reply.isBlank()) {
            return down(failed.reply); // refused before any message: the relay as a whole
        }
        return down(network("connecting to the relay " + settings.host() + ":" + settings.port() + " failed", e));
    }

    TransportResult exhausted(SmtpConnections.Exhausted e) {
        return temporary(e.getMessage());
    }

    private TransportResult byCode(int code, String reply, String command) {
        String text = truncate(normalise(reply == null || reply.isBlank() ? code + " (no text)" : reply));
        if (code >= 500 && code < 600) {
            return switch (command) {
                case "RCPT TO" -> new RecipientRejected(transport, text);
                case "MAIL FROM" -> new PermanentFailure(transport, text, "sender_rejected");
                case "DATA" -> new PermanentFailure(transport, text, "message_rejected");
                default -> new PermanentFailure(transport, text, "rejected");
            };
        }
        // 421: the relay is closing the channel, whatever the command; other 4xx are about this message.
        return new TemporaryFailure(transport, text, Optional.empty(), code == 421);
    }

    private TemporaryFailure temporary(String why) {
        return new TemporaryFailure(transport, truncate(normalise(why)), Optional.empty());
    }

    /** Not this message's failure: the relay could not be reached or refused the connection. */
    private TemporaryFailure down(String why) {
        return new TemporaryFailure(transport, truncate(normalise(why)), Optional.empty(), true);
    }

    /** Says what broke in words an operator reads: refused, unknown host, timeout, TLS. */
    private String network(String context, MessagingException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root instanceof ConnectException) {
            return context + ": connection refused (" + detail + ")";
        }
        if (root instanceof UnknownHostException) {
            return context + ": unknown host " + detail;
        }
        if (root instanceof SocketTimeoutException || root instanceof InterruptedIOException) {
            return context + ": no answer within " + settings.timeout().toMillis() + " ms (" + detail + ")";
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException) {
                return context + ": TLS failed (" + detail + ")";
            }
        }
        return context + ": " + detail;
    }

    /** The command a failure names, as {@code MAIL FROM}, {@code RCPT TO} or {@code DATA} (the final dot too). */
    private static String command(String sent) {
        String upper = sent == null ? "" : sent.strip().toUpperCase(Locale.ROOT);
        if (upper.startsWith("MAIL FROM")) {
            return "MAIL FROM";
        }
        if (upper.startsWith("RCPT TO")) {
            return "RCPT TO";
        }
        if (upper.equals("DATA") || upper.equals(".") || upper.startsWith("BDAT")) {
            return "DATA";
        }
        return upper;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    /**
     * Line breaks as {@code \n}, and UTF-8 read as such: Angus Mail reads replies as ISO-8859-1, and relays that
     * speak SMTPUTF8 answer in UTF-8. A reply that is not valid UTF-8 stays as read.
     */
    private static String normalise(String reply) {
        if (reply == null) {
            return "";
        }
        String text = reply;
        if (reply.chars().allMatch(c -> c < 256) && reply.chars().anyMatch(c -> c > 127)) {
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(reply.getBytes(StandardCharsets.ISO_8859_1))).toString();
            } catch (CharacterCodingException e) {
                text = reply;
            }
        }
        return text.replace("\r\n", "\n").replace('\r', '\n').strip();
    }

    /** The first 1 KiB of UTF-8, cut at a character boundary. */
    static String truncate(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_RESPONSE_BYTES) {
            return text;
        }
        int end = MAX_RESPONSE_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
