package dev.postcard.bounces;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a returned message is and what it says.
 *
 * @param kind              bounce, complaint, auto-reply, delivery report or none
 * @param recipients        per recipient, for bounces and delivery reports; for an auto-reply, the one who answered
 *                          (action {@code delivered}: the reply proves delivery); empty otherwise
 * @param complaint         for complaints
 * @param originalMessageId the Message-ID of the message that bounced or was complained about, without angle
 *                          brackets, when the report carries it
 * @param postcardEmailId   Postcard's {@code msg_} id from the {@code X-Postcard-Email-Id} header of the returned
 *                          original, when it is there
 * @param reportingMta      the host that wrote the report, when it says
 */
public record Classification(MessageKind kind, List<RecipientReport> recipients, Optional<ComplaintReport> complaint,
                             Optional<String> originalMessageId, Optional<String> postcardEmailId,
                             Optional<String> reportingMta) {
    public Classification {
        Objects.requireNonNull(kind, "kind");
        recipients = List.copyOf(recipients);
    }

    public static Classification none() {
        return new Classification(MessageKind.NONE, List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }
}
