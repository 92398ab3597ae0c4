package dev.postcard.bounces;

import dev.postcard.event.BounceReason;
import dev.postcard.event.BounceType;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Helpers for the hand-written fixtures: CRLF line ends, a recording reason classifier. */
final class Mails {
    private Mails() {
    }

    /** The text with CRLF line ends, as it travels over SMTP. */
    static byte[] crlf(String text) {
        return crlf(text, StandardCharsets.UTF_8);
    }

    static byte[] crlf(String text, Charset charset) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(charset);
    }

    /** Remembers every diagnosis it is asked about; answers a fixed reason. */
    static final class RecordingReasons implements ReasonClassifier {
        final List<Diagnosis> seen = new ArrayList<>();

        @Override
        public Reason classify(Diagnosis diagnosis) {
            seen.add(diagnosis);
            return new Reason("recorded", BounceReason.UNDETERMINED, BounceType.SOFT);
        }
    }

    static RecipientReport only(Classification c) {
        if (c.recipients().size() != 1) {
            throw new AssertionError("expected one recipient, got " + c.recipients());
        }
        return c.recipients().get(0);
    }

    static Optional<RecipientReport> recipient(Classification c, String address) {
        return c.recipients().stream().filter(r -> r.address().equals(address)).findFirst();
    }
}
