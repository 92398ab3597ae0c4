package dev.postcard.sending;

import dev.postcard.InvalidInputException;
import dev.postcard.tracking.InstrumentPlan;
import dev.postcard.tracking.InstrumentRequest;
import dev.postcard.tracking.LinkHole;
import dev.postcard.tracking.Tracking;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.function.Function;

/**
 * Each recipient's copy of a send, ready for a transport: registered and instrumented for its own tracking,
 * addressed to its one envelope recipient, with a Message-ID on the sender's domain and a VERP return path when a
 * bounce domain is configured. A send's HTML is parsed and its text part derived once ({@link #prepare}); each
 * copy then only signs its own links.
 */
final class CopyComposer {
    static final String EMAIL_ID_HEADER = "X-Postcard-Email-Id";

    private final Tracking tracking;
    private final Optional<String> bounceDomain;

    CopyComposer(Tracking tracking, Optional<String> bounceDomain) {
        this.tracking = tracking;
        this.bounceDomain = bounceDomain;
    }

    /**
     * A send's content made ready for its copies.
     *
     * @param html the instrumented HTML with each copy's links left open, when the send has HTML
     * @param text the text part with them left open: given, or derived from the instrumented HTML (its links are
     *             the tracked ones); empty when it must be derived from each copy's HTML
     * @param to   the {@code To} addresses every copy shows
     * @param cc   the {@code Cc} addresses every copy shows
     */
    record PreparedSend(StoredSend send, Optional<InstrumentPlan> html, Optional<LinkedText> text, List<String> to,
                        List<String> cc) {
    }

    PreparedSend prepare(StoredSend send) {
        Optional<InstrumentPlan> html = send.html().map(h -> tracking.plan(h, send.trackOpens(), send.trackClicks()));
        Optional<LinkedText> text = send.text().map(LinkedText::given)
                .or(() -> html.flatMap(plan -> LinkedText.derived(send.html().orElseThrow(), plan)));
        return new PreparedSend(send, html, text, shown(send.to()), shown(send.cc()));
    }

    /**
     * Registers the copies' messages (one transaction for the tenant's copies); returns the email ids of copies
     * that cannot be registered, which can never be sent.
     */
    Set<String> register(StoredSend send, List<RecipientRow> rows) {
        try {
            tracking.registerCopies(send.tenantId(), rows.stream().map(row -> request(send, row)).toList());
            return Set.of();
        } catch (InvalidInputException e) {
            // Checked when the send was accepted, so rare: find which copies it is, one by one.
            Set<String> refused = new HashSet<>();
            for (RecipientRow row : rows) {
                try {
                    tracking.registerCopies(send.tenantId(), List.of(request(send, row)));
                } catch (InvalidInputException one) {
                    refused.add(row.emailId());
                }
            }
            return refused;
        }
    }

    private static InstrumentRequest request(StoredSend send, RecipientRow row) {
        return new InstrumentRequest(Optional.of(row.emailId()), send.html(), row.recipient(), Optional.of(send.from()),
                Optional.of(send.subject()), send.tags(), send.metadata());
    }

    OutgoingMessage compose(PreparedSend prepared, RecipientRow row) {
        StoredSend send = prepared.send();
        String emailId = row.emailId();
        Mailbox from = Mailbox.parse(send.from()).orElseThrow(() -> new IllegalStateException("a stored from is an address"));
        Function<LinkHole, String> links = tracking.linksOf(send.tenantId(), emailId);
        Optional<String> html = prepared.html().map(plan -> plan.render(links));
        SequencedMap<String, String> headers = new LinkedHashMap<>(send.headers());
        headers.put(EMAIL_ID_HEADER, emailId);
        headers.putAll(tracking.unsubscribeHeaders(send.tenantId(), emailId));
        Optional<String> text = prepared.text().map(t -> t.fill(links)).or(() -> html.map(PlainText::fromHtml));
        String envelopeFrom = bounceDomain.map(d -> "bounce+" + emailId + "@" + d).orElse(from.address().value());
        return new OutgoingMessage(send.tenantId(), emailId, envelopeFrom, row.recipient(), send.from(),
                prepared.to(), prepared.cc(), send.replyTo(), send.subject(), html, text, messageId(emailId, from),
                headers, send.attachments(), send.tags());
    }

    /** The addresses a header shows: a dropped invalid one would make the whole header unreadable. */
    private static List<String> shown(List<String> given) {
        return given.stream().filter(a -> Mailbox.parse(a).isPresent()).toList();
    }

    /** {@code <email_id>@<domain of from>}, without the angle brackets. */
    static String messageId(String emailId, Mailbox from) {
        return emailId + "@" + from.address().domain();
    }
}
