package dev.postcard.bounces.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.postcard.InvalidInputException;
import dev.postcard.bounces.Classification;
import dev.postcard.bounces.ComplaintReport;
import dev.postcard.bounces.Reason;
import dev.postcard.bounces.RecipientReport;
import dev.postcard.event.BounceReason;
import dev.postcard.event.BounceType;
import dev.postcard.event.EmailAddress;
import dev.postcard.event.Event;
import dev.postcard.event.EventCodec;
import dev.postcard.event.EventType;
import dev.postcard.event.IdPrefix;
import dev.postcard.event.Message;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Turns a classification into events: one {@code email.bounced} per failed recipient, one
 * {@code email.delivery_delayed} per delayed one, one {@code email.complained} per complaining recipient. Each is
 * validated like an event from {@code POST /v1/events}, with an id derived from the bounce and the recipient.
 */
final class BounceEvents {
    private static final Logger LOG = Logger.getLogger(BounceEvents.class.getName());
    /** What the event validator takes as {@code to}; anything else is left out rather than failing the event. */
    /** Diagnostics can quote whole transcripts; the event keeps the start. */
    private static final int MAX_TEXT = 2_000;

    private final Classification classification;
    private final Optional<String> emailId;
    private final boolean originalIdIsTheMessages;
    private final String bounceKey;
    private final Instant idTime;
    private final Instant at;
    private final Clock clock;

    /**
     * @param correlation the message the bounce is about
     * @param bounceKey   what identifies this bounce across reprocessing: its Message-ID, else a hash of its bytes
     * @param idTime      the time part of the derived ids: stable for the same bounce
     * @param at          the events' time
     */
    BounceEvents(Classification classification, Correlation correlation, String bounceKey, Instant idTime,
                 Instant at, Clock clock) {
        this.classification = classification;
        this.emailId = correlation.message().map(Message::id);
        this.originalIdIsTheMessages = correlation.by() == Correlation.By.MESSAGE_ID;
        this.bounceKey = bounceKey;
        this.idTime = idTime;
        this.at = at;
        this.clock = clock;
    }

    List<Event> events() {
        Map<String, Event> events = new LinkedHashMap<>();
        switch (classification.kind()) {
            case BOUNCE -> {
                for (RecipientReport recipient : classification.recipients()) {
                    EventType type = switch (recipient.action().toLowerCase(Locale.ROOT)) {
                        case "failed" -> EventType.EMAIL_BOUNCED;
                        case "delayed" -> EventType.EMAIL_DELIVERY_DELAYED;
                        default -> null; // delivered, relayed, expanded: nothing went wrong for this one
                    };
                    if (type != null) {
                        add(events, build(type, Optional.of(recipient.address()), fields(type, recipient)));
                    }
                }
                if (classification.recipients().isEmpty() && emailId.isPresent()) {
                    // A bounce that names no recipient still says the message failed: the record knows to whom.
                    ObjectNode fields = EventCodec.MAPPER.createObjectNode()
                            .put("bounce_type", "undetermined").put("bounce_reason", "undetermined");
                    add(events, build(EventType.EMAIL_BOUNCED, Optional.empty(), fields));
                }
            }
            case COMPLAINT -> {
                ComplaintReport complaint = classification.complaint().orElse(null);
                ObjectNode fields = EventCodec.MAPPER.createObjectNode();
                if (complaint != null && !complaint.feedbackType().isBlank()) {
                    fields.put("complaint_type", text(complaint.feedbackType()));
                }
                List<String> who = complaint == null ? List.of() : complaint.reportedRecipients();
                if (who.isEmpty()) {
                    add(events, build(EventType.EMAIL_COMPLAINED, Optional.empty(), fields));
                }
                for (String address : who) {
                    add(events, build(EventType.EMAIL_COMPLAINED, Optional.of(address), fields));
                }
            }
            case AUTO_REPLY, DELIVERY_REPORT, NONE -> {
                // Acknowledged, not stored: an out-of-office or a success report is not a delivery problem.
            }
        }
        return List.copyOf(events.values());
    }

    private static ObjectNode fields(EventType type, RecipientReport recipient) {
        ObjectNode fields = EventCodec.MAPPER.createObjectNode();
        Optional<Reason> reason = recipient.reason();
        if (type == EventType.EMAIL_BOUNCED) {
            fields.put("bounce_type", reason.map(Reason::type).orElse(BounceType.UNDETERMINED).wireName());
            fields.put("bounce_reason", reason.map(Reason::bounceReason).orElse(BounceReason.UNDETERMINED).wireName());
            recipient.statusCode().ifPresent(code -> fields.put("status_code", text(code)));
        }
        if (!recipient.diagnostic().isBlank()) {
            fields.put("smtp_response", text(recipient.diagnostic()));
        }
        reason.ifPresent(r -> fields.put("reason", text(r.detail())));
        return fields;
    }

    private Event build(EventType type, Optional<String> recipient, ObjectNode fields) {
        Optional<String> to = recipient.map(a -> a.strip().toLowerCase(Locale.ROOT)).filter(EmailAddress::isAddress);
        if (recipient.isPresent() && to.isEmpty()) {
            LOG.fine(() -> "a " + type.wireName() + " recipient is not an address; stored without to");
        }
        String seed = bounceKey + "\n" + recipient.map(a -> a.strip().toLowerCase(Locale.ROOT)).orElse("") + "\n"
                + type.wireName();
        ObjectNode envelope = EventCodec.MAPPER.createObjectNode();
        envelope.put("id", IdPrefix.EVENT.derivedId(idTime, seed));
        envelope.put("type", type.wireName());
        envelope.put("created_at", EventCodec.formatInstant(at));
        ObjectNode data = envelope.putObject("data");
        emailId.ifPresent(id -> data.put("email_id", id));
        to.ifPresent(a -> data.put("to", a));
        data.put("provider", BounceIntake.PROVIDER);
        // Only where it cannot be wrong: on a message found by it, or on no message. A message found another way
        // must not take on an id the bounce may have misread (the record keeps the first id it is given).
        if (emailId.isEmpty() || originalIdIsTheMessages) {
            classification.originalMessageId().map(BounceEvents::text).filter(id -> !id.isBlank())
                    .ifPresent(id -> data.put("provider_message_id", id));
        }
        data.setAll(fields);
        try {
            return EventCodec.fromInput(envelope, clock);
        } catch (InvalidInputException e) {
            // Left out rather than failing the whole bounce: retrying would never make it valid.
            LOG.warning(() -> "a " + type.wireName() + " event from bounce mail was refused: " + e.getMessage());
            return null;
        }
    }

    private static void add(Map<String, Event> events, Event event) {
        if (event != null) {
            events.putIfAbsent(event.id(), event); // a report that lists one recipient twice is one event
        }
    }

    /** Text the log can keep: no NUL, no unpaired surrogates, at most {@link #MAX_TEXT} characters. */
    static String text(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_TEXT));
        for (int i = 0; i < value.length() && out.length() < MAX_TEXT; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                if (out.length() + 2 > MAX_TEXT) {
                    break;
                }
                out.append(c).append(value.charAt(++i));
            } else if (c != '\u0000' && !Character.isSurrogate(c)) {
                out.append(c);
            }
        }
        return out.toString().strip();
    }
}
