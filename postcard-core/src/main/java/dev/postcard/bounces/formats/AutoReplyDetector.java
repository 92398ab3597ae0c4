package dev.postcard.bounces.formats;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * RFC 3834 automatic responses and the headers and subjects vacation responders use when they do not follow it.
 * Only asked once the message is known not to be a failure report: bounces carry Auto-Submitted too.
 */
public final class AutoReplyDetector {
    private static final Pattern SUBJECT = Pattern.compile("(?i)^\\s*(auto(matic)?[ -]?(reply|response|antwort)"
            + "|auto:|out of (the )?office|away from (the |my )?office|away until|on vacation|vacation reply|"
            + "abwesenheit|réponse automatique|reponse automatique|respuesta automática|risposta automatica|"
            + "automatisch antwoord|autosvar|自動応答|不在)");

    private AutoReplyDetector() {
    }

    public static boolean isAutoReply(ReturnedMail mail) {
        String autoSubmitted = mail.header("Auto-Submitted").toLowerCase(Locale.ROOT);
        if (autoSubmitted.startsWith("auto-replied")) {
            return true;
        }
        if (!mail.header("X-Autoreply").isBlank() || !mail.header("X-Autorespond").isBlank()
                || !mail.header("X-Autoresponder").isBlank()) {
            return true;
        }
        String precedence = mail.header("Precedence").toLowerCase(Locale.ROOT).strip();
        if (precedence.equals("auto_reply")) {
            return true;
        }
        return SUBJECT.matcher(mail.subject()).find();
    }
}
