package dev.postcard.bounces.reasons;

import java.util.Locale;
import java.util.Optional;

/**
 * Where in the SMTP dialogue a delivery failed. The stage says what was refused: the connection or greeting (the
 * sending host), MAIL FROM (the sender), RCPT TO (the recipient) or DATA (the content).
 */
enum SmtpStage {
    CONNECT, HELO, MAIL, RCPT, DATA, UNKNOWN;

    static SmtpStage of(Optional<String> command) {
        if (command == null || command.isEmpty()) {
            return UNKNOWN;
        }
        String c = command.get().strip().toUpperCase(Locale.ROOT);
        if (c.startsWith("CONN") || c.equals("BANNER") || c.equals("GREETING")) {
            return CONNECT;
        }
        if (c.startsWith("HELO") || c.startsWith("EHLO") || c.startsWith("LHLO") || c.startsWith("STARTTLS")) {
            return HELO;
        }
        if (c.startsWith("MAIL")) {
            return MAIL;
        }
        if (c.startsWith("RCPT")) {
            return RCPT;
        }
        if (c.startsWith("DATA") || c.startsWith("BDAT") || c.equals(".") || c.contains("END OF DATA")) {
            return DATA;
        }
        return UNKNOWN;
    }

    /** The connection or greeting was refused: the refusal is about the sending host, not the message. */
    boolean isSession() {
        return this == CONNECT || this == HELO;
    }
}
