package dev.postcard.sending;

import java.util.Optional;

/**
 * One recipient as the accept decides it: queued (or scheduled), or dropped at once with a reason.
 *
 * @param recipient the address, normalised when it is one, else as given
 */
record PlannedRecipient(String emailId, String recipient, SendStatus status, Optional<String> dropReason) {
}
