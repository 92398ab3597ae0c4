package dev.postcard.bounces.intake;

import dev.postcard.Postcard;
import dev.postcard.bounces.Classification;
import dev.postcard.bounces.ComplaintReport;
import dev.postcard.bounces.MessageKind;
import dev.postcard.bounces.Reason;
import dev.postcard.bounces.RecipientReport;
import dev.postcard.event.BounceReason;
import dev.postcard.event.BounceType;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventQuery;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import dev.postcard.event.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Hand-built classifications, returned mail and sent messages for the intake tests. */
final class BounceFixtures {
    static final String DOMAIN = "bounces.example.com";

    private BounceFixtures() {
    }

    static RecipientReport failed(String address) {
        return new RecipientReport(address, "failed", Optional.of("5.1.1"), Optional.of("550"),
                "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown",
                Optional.of(new Reason("userunknown", BounceReason.USER_UNKNOWN, BounceType.HARD)));
    }

    static RecipientReport delayed(String address) {
        return new RecipientReport(address, "delayed", Optional.of("4.4.1"), Optional.empty(),
                "connect to mx.example.net[192.0.2.1]:25: Connection timed out",
                Optional.of(new Reason("expired", BounceReason.NETWORK_ERROR, BounceType.SOFT)));
    }

    static Classification bounce(Optional<String> originalMessageId, Optional<String> postcardEmailId,
                                 RecipientReport... recipients) {
        return new Classification(MessageKind.BOUNCE, List.of(recipients), Optional.empty(), originalMessageId,
                postcardEmailId, Optional.of("mx.example.net"));
    }

    static Classification complaint(Optional<String> postcardEmailId, String... who) {
        return new Classification(MessageKind.COMPLAINT, List.of(),
                Optional.of(new ComplaintReport("abuse", Optional.of("192.0.2.7"), Optional.empty(), List.of(who))),
                Optional.empty(), postcardEmailId, Optional.empty());
    }

    static Classification of(MessageKind kind) {
        return new Classification(kind, List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** A returned mail: only its own header matters to the intake (the classifier is a fake). */
    static byte[] mail(String messageId, String deliveredTo) {
        return ("Return-Path: <>\r\n"
                + (deliveredTo == null ? "" : "Delivered-To: " + deliveredTo + "\r\n")
                + "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\r\n"
                + "To: sender@example.com\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\n"
                + "Date: Sun, 22 Nov 2026 09:15:00 +0000\r\n"
                + (messageId == null ? "" : "Message-ID: <" + messageId + ">\r\n")
                + "\r\n"
                + "This is the mail system at host mx.example.net.\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Records an {@code email.sent} through the engine, as a sender sending over SMTP would: returns its id. */
    static String sent(Postcard postcard, String tenant, String to, String smtpMessageId) {
        String emailId = IdPrefix.MESSAGE.newId();
        var data = EventCodec.MAPPER.createObjectNode().put("email_id", emailId).put("to", to)
                .put("subject", "Your invoice");
        if (smtpMessageId != null) {
            data.put("provider", "smtp").put("provider_message_id", smtpMessageId);
        }
        postcard.record(tenant, new Event(IdPrefix.EVENT.newId(), EventType.EMAIL_SENT,
                Instant.parse("2026-11-22T09:00:00Z"), data));
        return emailId;
    }

    static List<Event> events(Postcard postcard, String tenant, EventType type) {
        return postcard.store().listEvents(tenant, EventQuery.all(100)).items().stream().map(StoredEvent::event)
                .filter(e -> e.type() == type).toList();
    }
}
