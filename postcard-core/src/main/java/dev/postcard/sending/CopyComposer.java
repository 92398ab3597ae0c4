package dev.postcard.sending;

import dev.postcard.tracking.InstrumentRequest;
import dev.postcard.tracking.Instrumented;
import dev.postcard.tracking.Tracking;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * One recipient's copy of a send, ready for a transport: instrumented for its own tracking (which registers the
 * message), addressed to its one envelope recipient, with a Message-ID on the sender's domain and a VERP return
 * path when a bounce domain is configured.
 */
final class CopyComposer {
    static final String EMAIL_ID_HEADER = "X-Postcard-Email-Id";

    private final Tracking tracking;
    private final Optional<String> bounceDomain;

    CopyComposer(Tracking tracking, Optional<String> bounceDomain) {
        this.tracking = tracking;
        this.bounceDomain = bounceDomain;
    }

    OutgoingMessage compose(StoredSend send, RecipientRow row) {
        String emailId = row.emailId();
        Mailbox from = Mailbox.parse(send.from()).orElseThrow(() -> new IllegalStateException("a stored from is an address"));
        Instrumented instrumented = tracking.instrumentCopy(send.tenantId(), new InstrumentRequest(Optional.of(emailId),
                send.html(), row.recipient(), Optional.of(send.from()), Optional.of(send.subject()), send.tags(),
                send.metadata()), send.trackOpens(), send.trackClicks());
        SequencedMap<String, String> headers = new LinkedHashMap<>(send.headers());
        headers.put(EMAIL_ID_HEADER, emailId);
        headers.putAll(instrumented.headers());
        // A text part always goes: given, or read from the instrumented HTML (its links are the tracked ones).
        Optional<String> text = send.text().map(t -> tracking.fillUnsubscribeUrl(send.tenantId(), emailId, t))
                .or(() -> instrumented.html().map(PlainText::fromHtml));
        String envelopeFrom = bounceDomain.map(d -> "bounce+" + emailId + "@" + d).orElse(from.address().value());
        return new OutgoingMessage(send.tenantId(), emailId, envelopeFrom, row.recipient(), send.from(),
                shown(send.to()), shown(send.cc()), send.replyTo(), send.subject(), instrumented.html(), text, messageId(emailId, from),
                headers, send.attachments(), send.tags());
    }

    /** The addresses a header shows: a dropped invalid one would make the whole header unreadable. */
    private static java.util.List<String> shown(java.util.List<String> given) {
        return given.stream().filter(a -> Mailbox.parse(a).isPresent()).toList();
    }

    /** {@code <email_id>@<domain of from>}, without the angle brackets. */
    static String messageId(String emailId, Mailbox from) {
        return emailId + "@" + from.address().domain();
    }
}
