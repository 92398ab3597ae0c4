package dev.postcard.storage;

import dev.postcard.event.Event;
import dev.postcard.event.EventType;
import dev.postcard.event.MessageStatus;
import java.util.Locale;
import java.util.Optional;

/**
 * What one transaction's events do to one message, folded so that it is written with a single UPDATE
 * however many events name the message (a burst of opens on a popular message costs one row write).
 * Folding keeps the meaning of applying the events one by one in log order: the status of the highest
 * rank (the later one on a tie), the first value seen for each empty field, sums of the counters, the
 * earliest delivery and open times, and the position of the first open and click of each kind.
 */
final class MessageChange {
    final String tenantId;
    final String emailId;
    int rank = -1; // below every rank: no delivery-side event, the status stays
    String status = MessageStatus.CREATED.wireName();
    Optional<String> recipient = Optional.empty();
    Optional<String> sender = Optional.empty();
    Optional<String> subject = Optional.empty();
    Optional<String> provider = Optional.empty();
    Optional<String> providerMessageId = Optional.empty();
    long opens;
    long humanOpens;
    long clicks;
    long humanClicks;
    Long deliveredAt;
    Long firstOpenedAt;
    /** The log position of the message's first human open, ... in this transaction; null when it has none. */
    Long firstHumanOpenSeq;
    Long firstMachineOpenSeq;
    Long firstHumanClickSeq;
    Long firstMachineClickSeq;

    MessageChange(String tenantId, String emailId) {
        this.tenantId = tenantId;
        this.emailId = emailId;
    }

    /** Adds the next event of the message, in log order. */
    void add(long seq, Event event) {
        Optional<MessageStatus> after = MessageStatus.after(event.type());
        if (after.isPresent() && after.get().rank() >= rank) {
            rank = after.get().rank();
            status = after.get().wireName();
        }
        recipient = recipient.or(() -> event.recipient().map(a -> a.toLowerCase(Locale.ROOT)));
        sender = sender.or(() -> event.text("from"));
        subject = subject.or(() -> event.text("subject"));
        provider = provider.or(() -> event.text("provider"));
        providerMessageId = providerMessageId.or(() -> event.text("provider_message_id"));
        long at = event.createdAt().toEpochMilli();
        boolean human = !event.flag("machine");
        if (event.type() == EventType.EMAIL_OPENED) {
            opens++;
            humanOpens += human ? 1 : 0;
            firstOpenedAt = firstOpenedAt == null ? at : Math.min(firstOpenedAt, at);
            if (human) {
                firstHumanOpenSeq = firstHumanOpenSeq == null ? seq : firstHumanOpenSeq;
            } else {
                firstMachineOpenSeq = firstMachineOpenSeq == null ? seq : firstMachineOpenSeq;
            }
        } else if (event.type() == EventType.EMAIL_CLICKED) {
            clicks++;
            humanClicks += human ? 1 : 0;
            if (human) {
                firstHumanClickSeq = firstHumanClickSeq == null ? seq : firstHumanClickSeq;
            } else {
                firstMachineClickSeq = firstMachineClickSeq == null ? seq : firstMachineClickSeq;
            }
        } else if (event.type() == EventType.EMAIL_DELIVERED) {
            deliveredAt = deliveredAt == null ? at : Math.min(deliveredAt, at);
        }
    }
}
