package dev.postcard.bounces.intake;

import dev.postcard.bounces.Classification;
import dev.postcard.event.IdPrefix;
import dev.postcard.event.Message;
import dev.postcard.storage.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Ties a bounce to the message it is about, most reliable first: the VERP return path (the envelope recipient,
 * else the addresses the mailbox recorded), Postcard's id in the returned original, the original's Message-ID.
 * An id counts only when the message exists: a made-up id falls through to the next way. Bounce mail names no
 * tenant, and message ids are per tenant: an id that several tenants hold names none of them (unless one held it
 * while ids were global), so it falls through too rather than hand one tenant's bounce to another.
 */
final class Correlator {
    private final Store store;
    private final Set<String> bounceDomains;

    Correlator(Store store, Set<String> bounceDomains) {
        this.store = store;
        this.bounceDomains = bounceDomains;
    }

    Correlation correlate(Classification classification, Optional<String> envelopeRecipient, BounceHeaders headers) {
        List<String> returnPaths = new ArrayList<>();
        envelopeRecipient.ifPresent(returnPaths::add);
        returnPaths.addAll(headers.deliveredTo());
        for (String address : returnPaths) {
            Optional<Message> found = VerpAddress.parse(address, bounceDomains)
                    .flatMap(verp -> store.findMessageWithoutTenant(verp.emailId()));
            if (found.isPresent()) {
                return new Correlation(found, Correlation.By.VERP);
            }
        }
        Optional<Message> byHeader = classification.postcardEmailId().map(String::strip)
                .filter(IdPrefix.MESSAGE::matches).flatMap(store::findMessageWithoutTenant);
        if (byHeader.isPresent()) {
            return new Correlation(byHeader, Correlation.By.EMAIL_ID_HEADER);
        }
        Optional<Message> byMessageId = classification.originalMessageId()
                .map(id -> id.strip().replaceAll("^<|>$", "")).filter(id -> !id.isEmpty())
                // Senders store the Message-ID with or without its angle brackets.
                .flatMap(id -> store.findMessageByProviderIdAnyTenant(BounceIntake.PROVIDER, List.of(id, "<" + id + ">")));
        return byMessageId.map(m -> new Correlation(Optional.of(m), Correlation.By.MESSAGE_ID)).orElse(Correlation.NONE);
    }
}
