package dev.postcard.sending;

import dev.postcard.event.DropReason;
import dev.postcard.event.IdPrefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Who of a send's recipients gets a copy: one per distinct address, in order; invalid and suppressed are dropped. */
final class RecipientPlan {
    private RecipientPlan() {
    }

    /**
     * @param suppressedAmong which of the given (normalised) addresses are suppressed now
     */
    static List<PlannedRecipient> of(List<String> recipients, boolean scheduled,
                                     Function<List<String>, Set<String>> suppressedAmong) {
        List<PlannedRecipient> plan = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        SendStatus waiting = scheduled ? SendStatus.SCHEDULED : SendStatus.QUEUED;
        Set<String> suppressed = suppressedAmong.apply(recipients.stream().map(Mailbox::parse)
                .flatMap(Optional::stream).map(m -> m.address().value()).distinct().toList());
        for (String given : recipients) {
            Optional<Mailbox> mailbox = Mailbox.parse(given);
            String emailId = IdPrefix.MESSAGE.newId();
            if (mailbox.isEmpty()) {
                plan.add(new PlannedRecipient(emailId, given.strip(), SendStatus.DROPPED,
                        Optional.of(DropReason.INVALID_ADDRESS.wireName())));
                continue;
            }
            String address = mailbox.get().address().value();
            if (!seen.add(address)) {
                continue;
            }
            if (suppressed.contains(address)) {
                plan.add(new PlannedRecipient(emailId, address, SendStatus.DROPPED,
                        Optional.of(DropReason.SUPPRESSED.wireName())));
            } else {
                plan.add(new PlannedRecipient(emailId, address, waiting, Optional.empty()));
            }
        }
        return plan;
    }
}
